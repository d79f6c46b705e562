package io.rldt.core.dataset;

import java.util.Arrays;

/**
 * An n-dimensional array read from (or to be written to) a {@code .npy} file: C-order values widened to
 * {@code double} (exact for float32, float64, bool, 8/16/32-bit integers and int64 up to 2⁵³).
 *
 * @param dtype  numpy's type string without byte order, e.g. {@code f4}, {@code f8}, {@code i8}, {@code b1}
 * @param shape  dimensions, C order; {@code []} is a scalar
 * @param values {@code prod(shape)} values, row-major
 */
public record NdArray(String dtype, int[] shape, double[] values) {
    public NdArray {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != values.length) {
            throw new IllegalArgumentException("NdArray: shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + values.length);
        }
    }

    public static NdArray float32(double[] values, int... shape) { return new NdArray("f4", shape, values); }

    public static NdArray float64(double[] values, int... shape) { return new NdArray("f8", shape, values); }

    public static NdArray int64(long[] values, int... shape) {
        return new NdArray("i8", shape, Arrays.stream(values).asDoubleStream().toArray());
    }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    /** Rows of a rank-2 array {@code [N, C]} (a rank-1 array reads as {@code [N, 1]}). */
    public double[][] rows() {
        int n = shape.length == 0 ? 1 : shape[0], c = n == 0 ? 0 : values.length / n;
        double[][] out = new double[n][c];
        for (int i = 0; i < n; i++) System.arraycopy(values, i * c, out[i], 0, c);
        return out;
    }

    public String shapeString() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    @Override
    public String toString() {
        return dtype + shapeString();
    }
}
