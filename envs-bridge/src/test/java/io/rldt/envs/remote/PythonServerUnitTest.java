package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the server's own Python unit tests ({@code src/test/python/test_rldt_env_server.py}) in the Maven build. */
class PythonServerUnitTest {
    @Test
    void serverUnitTestsPass() {
        PythonSupport.Result r = PythonSupport.run(List.of(PythonSupport.python(), "-m", "unittest",
                PythonSupport.TEST_PYTHON.resolve("test_rldt_env_server.py").toString()), 30);
        assertTrue(r.ok(), r.stdout());
    }
}
