package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class WorkspaceTest {
    @Test
    void arraysAreReusedAcrossScopesZeroedAndNeverTwiceInOneScope() {
        Workspace ws = new Workspace();
        float[] first, second;
        try (var s = ws.scope()) {
            first = Tensor.zeros(3, 5).data();
            second = Tensor.zeros(15).data();
            assertNotSame(first, second);
            first[4] = 7f;
        }
        try (var s = ws.scope()) {
            Tensor again = Tensor.zeros(5, 3);
            assertSame(first == again.data() ? first : second, again.data()); // one of the two, recycled
            for (float v : again.data()) assertEquals(0f, v);
            assertNotSame(again.data(), Tensor.zeros(15).data());
        }
    }

    @Test
    void outsideAScopeAndAfterNestedScopesNothingIsPooled() {
        Workspace ws = new Workspace();
        float[] inner;
        try (var outer = ws.scope()) {
            try (var in = ws.scope()) {
                inner = Tensor.zeros(8).data();
            }
            assertSame(inner, Tensor.zeros(8).data()); // the inner scope handed it back; the outer lends it again
        }
        assertNotSame(inner, Tensor.zeros(8).data()); // no scope open: a fresh array
    }

    /** The suite runs with -Drldt.workspace.poison=true: arrays for overwriting start as NaN, zeros stay zeros. */
    @Test
    void underPoisonArraysForOverwritingStartAsNaNFreshOrRecycled() {
        assumeTrue(Boolean.getBoolean("rldt.workspace.poison"), "only under the test suite's poison setting");
        Workspace ws = new Workspace();
        for (float v : Tensor.forOverwrite(6).data()) assertTrue(Float.isNaN(v), "fresh, outside a scope");
        float[] first;
        try (var s = ws.scope()) {
            first = Tensor.zeros(6).data();
        }
        try (var s = ws.scope()) {
            float[] again = Tensor.forOverwrite(2, 3).data();
            assertSame(first, again);
            for (float v : again) assertTrue(Float.isNaN(v), "recycled");
            for (float v : Tensor.zeros(6).data()) assertEquals(0f, v);
        }
    }
}
