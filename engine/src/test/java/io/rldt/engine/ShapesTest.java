package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertThrowsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void sizeAndStrides() {
        assertEquals(1, Shapes.size(new int[0]));
        assertEquals(0, Shapes.size(new int[] {3, 0, 2}));
        assertEquals(24, Shapes.size(new int[] {2, 3, 4}));
        assertArrayEquals(new int[] {12, 4, 1}, Shapes.strides(new int[] {2, 3, 4}));
        assertThrowsNaming(IllegalArgumentException.class, () -> Shapes.size(new int[] {65536, 65536}), "2^31");
    }

    @Test
    void broadcastFollowsNumPy() {
        assertArrayEquals(new int[] {5, 7}, Shapes.broadcast(new int[] {5, 7}, new int[0]));
        assertArrayEquals(new int[] {5, 7}, Shapes.broadcast(new int[] {5, 1}, new int[] {1, 7}));
        assertArrayEquals(new int[] {2, 3, 4}, Shapes.broadcast(new int[] {2, 1, 4}, new int[] {3, 1}));
        assertArrayEquals(new int[] {3, 0}, Shapes.broadcast(new int[] {3, 0}, new int[] {1}));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> Shapes.broadcast(new int[] {3, 4}, new int[] {2, 4}), "[3, 4]", "[2, 4]");
        assertArrayEquals(new int[] {0, 1, 0}, Shapes.broadcastStrides(new int[] {3, 1}, new int[] {2, 3, 4}));
    }

    @Test
    void axesAndReducedShapes() {
        assertEquals(2, Shapes.axis(-1, 3));
        assertThrowsNaming(IllegalArgumentException.class, () -> Shapes.axis(3, 3), "axis 3", "rank 3");
        assertThrowsNaming(IllegalArgumentException.class, () -> Shapes.axis(-4, 3), "axis -4");
        assertArrayEquals(new int[] {2, 1, 4}, Shapes.reduced(new int[] {2, 3, 4}, new int[] {1}, true));
        assertArrayEquals(new int[] {3}, Shapes.reduced(new int[] {2, 3, 4}, new int[] {0, -1}, false));
        assertArrayEquals(new int[0], Shapes.reduced(new int[] {2, 3}, new int[] {0, 1}, false));
    }
}
