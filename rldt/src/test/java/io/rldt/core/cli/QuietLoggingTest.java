package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@code -q} drops the INFO lines (backend and field choice) and keeps warnings. */
class QuietLoggingTest {
    @Test
    void quiet_flag_silences_info_but_not_warnings() {
        assertTrue(Main.quiet(new String[] {"eval", "runs/a", "-q"}));
        assertTrue(Main.quiet(new String[] {"finetune", "--quiet"}));
        assertFalse(Main.quiet(new String[] {"finetune", "--preset", "bandit"}));
        Logger root = Logger.getLogger("");
        Level saved = root.getLevel();
        Map<Handler, Level> handlers = new HashMap<>();
        for (Handler h : root.getHandlers()) handlers.put(h, h.getLevel());
        try {
            Main.silenceInfoLogs();
            Logger backend = Logger.getLogger("io.rldt.engine.Backends");
            assertFalse(backend.isLoggable(Level.INFO));
            assertTrue(backend.isLoggable(Level.WARNING));
        } finally {
            root.setLevel(saved);
            handlers.forEach(Handler::setLevel);
        }
    }
}
