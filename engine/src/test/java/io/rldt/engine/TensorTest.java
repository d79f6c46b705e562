package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertThrowsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void reshapeInfersMinusOneAndSharesData() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v = t.reshape(-1, 2);
        assertArrayEquals(new int[] {3, 2}, v.shape());
        assertArrayEquals(new int[] {6}, t.reshape(-1).shape());
        assertArrayEquals(new int[] {1, 6, 1}, t.reshape(1, -1, 1).shape());
        v.set(42f, 2, 1);
        assertEquals(42f, t.get(1, 2), "a reshape is a view over the same data");
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).reshape(-1, 3).shape());
    }

    @Test
    void reshapeErrorsNameBothShapes() {
        Tensor t = Tensor.zeros(2, 3);
        assertThrowsNaming(IllegalArgumentException.class, () -> t.reshape(4, 2), "[2, 3]", "[4, 2]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.reshape(-1, 4), "[2, 3]", "[-1, 4]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.reshape(-1, -1), "two -1");
    }

    @Test
    void factoriesCopyOrWrap() {
        float[] v = {1, 2, 3};
        Tensor copied = Tensor.of(v, 3), wrapped = Tensor.wrap(v, 3);
        v[0] = 9;
        assertEquals(1f, copied.get(0));
        assertEquals(9f, wrapped.get(0));
        assertEquals(5f, Tensor.scalar(5f).item());
        assertEquals(0, Tensor.scalar(5f).rank());
        assertEquals(2f, Tensor.full(2f, 2, 2).get(1, 1));
        assertEquals(1f, Tensor.ones(3).get(2));
        assertArrayEquals(new float[] {0.5f, 1f}, Tensor.ofDoubles(new double[] {0.5, 1}, 2).toArray());
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3), "[2, 3]", "5");
        Tensor c = wrapped.copy();
        assertNotSame(c.data(), wrapped.data());
        assertArrayEquals(wrapped.toArray(), c.toArray());
    }

    @Test
    void shapeAccessorsAndIndexChecks() {
        Tensor t = Tensor.zeros(2, 3, 4);
        assertEquals(4, t.dim(-1));
        assertEquals(24, t.size());
        int[] s = t.shape();
        s[0] = 99;
        assertEquals(2, t.dim(0), "shape() returns a copy");
        assertTrue(t.hasShape(2, 3, 4));
        assertThrowsNaming(IndexOutOfBoundsException.class, () -> t.get(2, 0, 0), "[2, 0, 0]", "[2, 3, 4]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.get(0, 0), "[2, 3, 4]");
        assertThrowsNaming(IllegalArgumentException.class, () -> t.requireShape("weights", 3, 4), "weights",
                "[3, 4]", "[2, 3, 4]");
        assertThrowsNaming(IllegalStateException.class, t::item, "[2, 3, 4]");
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 1, 1, 1, 1, 1, 1, 1));
        assertThrowsNaming(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "[2, -1]");
    }
}
