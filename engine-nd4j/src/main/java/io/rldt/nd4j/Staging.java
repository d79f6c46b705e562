package io.rldt.nd4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Three grow-only off-heap float buffers (ND4J arrays) that heap tensors are copied into and out of, with
 * cached views so that a repeated shape allocates nothing. Capacity doubles when exceeded; never shrinks.
 */
final class Staging {
    private final INDArray[] buf = new INDArray[3];
    private final FloatBuffer[] nio = new FloatBuffer[3];
    private final long[] cap = new long[3];
    // Cached views: flat length n, or 2-D [rows, cols].
    private final INDArray[] flat = new INDArray[3];
    private final INDArray[] mat = new INDArray[3];
    private final long[] matRows = new long[3], matCols = new long[3];

    private void ensure(int slot, long n) {
        if (cap[slot] >= n && buf[slot] != null) return;
        long c = Math.max(n, Math.max(1024, cap[slot] * 2));
        buf[slot] = Nd4j.create(DataType.FLOAT, c);
        nio[slot] = buf[slot].data().asNioFloat();
        cap[slot] = c;
        flat[slot] = null;
        mat[slot] = null;
    }

    private INDArray flat(int slot, int n) {
        ensure(slot, n);
        INDArray v = flat[slot];
        if (v == null || v.length() != n) {
            v = Nd4j.create(buf[slot].data(), new long[] {n}, new long[] {1}, 0, 'c', DataType.FLOAT);
            flat[slot] = v;
        }
        return v;
    }

    private INDArray mat(int slot, int rows, int cols) {
        ensure(slot, (long) rows * cols);
        INDArray v = mat[slot];
        if (v == null || matRows[slot] != rows || matCols[slot] != cols) {
            v = Nd4j.create(buf[slot].data(), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c', DataType.FLOAT);
            mat[slot] = v;
            matRows[slot] = rows;
            matCols[slot] = cols;
        }
        return v;
    }

    /** Copies {@code x} (and {@code y} if not null) in; returns flat views {x, y, z} of length n. */
    INDArray[] load(int n, float[] x, float[] y) {
        INDArray vx = flat(0, n), vy = y == null ? null : flat(1, n), vz = flat(2, n);
        nio[0].put(0, x, 0, n);
        if (y != null) nio[1].put(0, y, 0, n);
        return new INDArray[] {vx, vy, vz};
    }

    /** Copies the first n results of the output buffer into {@code out}. */
    void store(int n, float[] out) {
        nio[2].get(0, out, 0, n);
    }

    /** {@code c[cOff..] = op(a)·op(b) + beta·c} through {@code Nd4j.gemm} on staged copies. */
    void gemm(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff,
              int m, int n, int k, float beta) {
        INDArray va = ta ? mat(0, k, m) : mat(0, m, k);
        INDArray vb = tb ? mat(1, n, k) : mat(1, k, n);
        INDArray vc = mat(2, m, n);
        nio[0].put(0, a, aOff, m * k);
        nio[1].put(0, b, bOff, k * n);
        if (beta != 0f) nio[2].put(0, c, cOff, m * n);
        Nd4j.gemm(va, vb, vc, ta, tb, 1.0, beta);
        nio[2].get(0, c, cOff, m * n);
    }
}
