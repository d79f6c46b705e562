package io.rldt.kernels;

import io.rldt.engine.Tensor;
import io.rldt.engine.Tolerances;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link TransportField} must show (spec §2 and the field identities of §7), written once
 * and run against each implementation by a subclass (the EJML generic-test pattern).
 */
abstract class TransportFieldContract {
    private static final double LN2 = Math.log(2);

    private TransportField field;

    /** A new instance of the implementation under test. */
    abstract TransportField newField();

    /** The field of the current test, created on first use and closed after the test. */
    final TransportField field() {
        if (field == null) field = newField();
        return field;
    }

    @AfterEach
    void closeField() throws Exception {
        if (field instanceof AutoCloseable c) c.close();
    }

    private static Tensor t(float[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    private static void assertNear(double expected, double actual, String what) {
        assertTrue(Tolerances.close(actual, expected, Tolerances.F32_REL, Tolerances.F32_ABS),
                () -> what + ": got " + actual + ", expected " + expected);
    }

    private Tensor run(Tensor q, Tensor a, Tensor g, SvgdOptions o, FieldStats stats) {
        Tensor phi = Tensor.full(Float.NaN, q.shape()); // NaN: every element must be written
        field().compute(q, a, g, o, phi, stats);
        return phi;
    }

    @Test
    void oneCentreByHand() {
        // d = 1, h = 1/(2 ln 2), k = exp(−ln 2) = ½, (q − a)/h = (2 ln 2, 0), α = 0.001·√13.
        FieldStats stats = new FieldStats();
        Tensor phi = run(t(new float[] {1, 0}, 1, 1, 2), t(new float[] {0, 0}, 1, 1, 2),
                t(new float[] {2, 3}, 1, 1, 2), SvgdOptions.defaults(), stats);
        double alpha = 0.001 * Math.sqrt(13);
        assertNear(1 + alpha * LN2, phi.data()[0], "phi x");
        assertNear(1.5, phi.data()[1], "phi y");
        assertNear(1 / (2 * LN2), stats.meanBandwidth(), "h");
        assertNear(alpha, stats.meanAlpha(), "alpha");
        assertNear(Math.hypot(1, 1.5), stats.meanAttractionNorm(), "|attraction|");
        assertNear(alpha * LN2, stats.meanRepulsionNorm(), "|repulsion|");
    }

    @Test
    void evenCountUsesTheLowerMedianDistance() {
        // Query at 0, centres at x = 3, 1, 4, 2: squared distances 9, 1, 16, 4; lower median 4 (not 6.5 or 9).
        Tensor q = t(new float[] {0, 0}, 1, 1, 2);
        Tensor a = t(new float[] {3, 0, 1, 0, 4, 0, 2, 0}, 1, 4, 2);
        Tensor g = t(new float[] {0, 1, 0, 2, 0, 3, 0, 4}, 1, 4, 2);
        FieldStats stats = new FieldStats();
        Tensor phi = run(q, a, g, SvgdOptions.defaults(), stats);
        double h = 4 / (2 * Math.log(5));
        assertNear(h, stats.meanBandwidth(), "lower-median bandwidth");
        double alpha = 0.001 * (1 + 2 + 3 + 4) / 4.0;
        double[] x = {3, 1, 4, 2}, gy = {1, 2, 3, 4};
        double px = 0, py = 0;
        for (int j = 0; j < 4; j++) {
            double k = Math.exp(-x[j] * x[j] / (2 * h));
            py += k * gy[j] / 4;
            px += alpha * k * (0 - x[j]) / h / 4;
        }
        assertNear(px, phi.data()[0], "phi x");
        assertNear(py, phi.data()[1], "phi y");
    }

    @Test
    void temperatureIsClampedTo1e5() {
        // ‖g‖ = 1e9 gives 0.001·1e9 = 1e6 before the clamp; φ = ½g + α·ln2·(1, 0) with α = 1e5.
        FieldStats stats = new FieldStats();
        Tensor phi = run(t(new float[] {1, 0}, 1, 1, 2), t(new float[] {0, 0}, 1, 1, 2),
                t(new float[] {0, 1e9f}, 1, 1, 2), SvgdOptions.defaults(), stats);
        assertEquals(1e5, stats.meanAlpha());
        assertNear(1e5 * LN2, phi.data()[0], "repulsion with clamped alpha");
        assertNear(5e8, phi.data()[1], "attraction");
        run(t(new float[] {1, 0}, 1, 1, 2), t(new float[] {0, 0}, 1, 1, 2),
                t(new float[] {0, 0}, 1, 1, 2), SvgdOptions.defaults(), stats);
        assertEquals(0.0, stats.meanAlpha(), "zero gradients: no repulsion under the adaptive rule");
        run(t(new float[] {1, 0}, 1, 1, 2), t(new float[] {0, 0}, 1, 1, 2),
                t(new float[] {0, 1e9f}, 1, 1, 2), SvgdOptions.defaults().withFixedTemperature(2.5), stats);
        assertEquals(2.5, stats.meanAlpha(), "fixed temperature");
    }

    @Test
    void coincidentParticlesUseTheFloorBandwidth() {
        // All distances 0: median 0, h = 1e-8, every k = 1, q − a = 0, so φ = mean_j g_j with no repulsion.
        int p = 4, d = 3;
        float[] same = new float[p * d];
        for (int i = 0; i < same.length; i++) same[i] = 0.25f * (i % d);
        float[] g = new float[p * d];
        for (int i = 0; i < g.length; i++) g[i] = i - 5;
        FieldStats stats = new FieldStats();
        Tensor phi = run(t(same, 1, p, d), t(same, 1, p, d), t(g, 1, p, d), SvgdOptions.defaults(), stats);
        assertEquals(1e-8, stats.meanBandwidth(), 1e-20);
        assertEquals(0.0, stats.meanRepulsionNorm());
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < d; k++) {
                double mean = 0;
                for (int j = 0; j < p; j++) mean += g[j * d + k] / (double) p;
                assertNear(mean, phi.data()[i * d + k], "phi[" + i + "," + k + "]");
            }
        }
    }

    @Test
    void deltaIsTheGradientAtTheQuery() {
        FieldData data = FieldData.random(3, 2, 3, 5, 4);
        Tensor gradAtQueries = FieldData.gaussian(new io.rldt.engine.Rng(4), 1.0, 2, 3, 4);
        FieldStats stats = new FieldStats();
        SvgdOptions delta = SvgdOptions.defaults().withKernel(SvgdOptions.Kernel.DELTA);
        Tensor phi = run(data.queries, null, gradAtQueries, delta, stats);
        assertArrayEquals(gradAtQueries.data(), phi.data());
        assertEquals(0.0, stats.meanRepulsionNorm());
        assertEquals(0.0, stats.meanAlpha());
        assertTrue(stats.meanAttractionNorm() > 0);
    }

    @Test
    void repulsionIsTheFiniteDifferenceGradientOfTheKernel() {
        // Zero gradients and a fixed α isolate the repulsion: φ_i = (α/P')·Σ_j ∂k(a_j, q_i)/∂a_j, h_i held fixed.
        int p = 3, pc = 5, d = 3;
        double alpha = 0.7;
        FieldData data = FieldData.random(11, 1, p, pc, d);
        Tensor zero = Tensor.zeros(1, pc, d);
        double fixedH = 0.8;
        Tensor phi = run(data.queries, data.centres, zero,
                SvgdOptions.defaults().withFixedTemperature(alpha).withBandwidth(fixedH), null);
        for (int i = 0; i < p; i++) {
            double[] expected = kernelGradientSum(data.queries, data.centres, i, fixedH);
            for (int k = 0; k < d; k++) assertNear(alpha * expected[k] / pc, phi.data()[i * d + k], "fixed h, phi[" + i + "," + k + "]");
        }
        // Median bandwidth: one query, so the reported mean bandwidth is that query's h.
        Tensor q0 = Tensor.of(java.util.Arrays.copyOf(data.queries.data(), d), 1, 1, d);
        FieldStats stats = new FieldStats();
        phi = run(q0, data.centres, zero, SvgdOptions.defaults().withFixedTemperature(alpha), stats);
        double[] expected = kernelGradientSum(q0, data.centres, 0, stats.meanBandwidth());
        for (int k = 0; k < d; k++) assertNear(alpha * expected[k] / pc, phi.data()[k], "median h, phi[0," + k + "]");
    }

    /**
     * {@code Σ_j ∂k(a_j, q_i)/∂a_j} by central differences in double, {@code k(a, q) = exp(−‖a − q‖²/(2h))};
     * also checks the closed form {@code k·(q − a)/h} per centre, the identity the field relies on.
     */
    private static double[] kernelGradientSum(Tensor queries, Tensor centres, int i, double h) {
        int pc = centres.dim(1), d = centres.dim(2);
        double[] q = new double[d];
        for (int k = 0; k < d; k++) q[k] = queries.data()[i * d + k];
        double[] sum = new double[d];
        double step = 1e-6;
        for (int j = 0; j < pc; j++) {
            double[] a = new double[d];
            for (int k = 0; k < d; k++) a[k] = centres.data()[j * d + k];
            double kernel = rbf(a, q, h);
            for (int k = 0; k < d; k++) {
                double keep = a[k];
                a[k] = keep + step;
                double up = rbf(a, q, h);
                a[k] = keep - step;
                double down = rbf(a, q, h);
                a[k] = keep;
                double fd = (up - down) / (2 * step);
                double closedForm = kernel * (q[k] - a[k]) / h;
                assertTrue(Tolerances.close(closedForm, fd, Tolerances.FD_REL, Tolerances.FD_ABS),
                        "∂k/∂a: closed form " + closedForm + " vs finite difference " + fd);
                sum[k] += fd;
            }
        }
        return sum;
    }

    private static double rbf(double[] a, double[] q, double h) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += (a[k] - q[k]) * (a[k] - q[k]);
        return Math.exp(-s / (2 * h));
    }

    @Test
    void particlesUnderAQuadraticMoveTowardThePeak() {
        // Q(a) = −‖a − c‖², g = 2(c − a); particles away from the peak, queries at the particles themselves.
        double cx = 1, cy = 2;
        int p = 8;
        Tensor a = FieldData.gaussian(new io.rldt.engine.Rng(5), 0.5, 1, p, 2);
        Tensor g = Tensor.zeros(1, p, 2);
        for (int j = 0; j < p; j++) {
            a.data()[2 * j] -= 1;
            a.data()[2 * j + 1] -= 1;
            g.data()[2 * j] = (float) (2 * (cx - a.data()[2 * j]));
            g.data()[2 * j + 1] = (float) (2 * (cy - a.data()[2 * j + 1]));
        }
        Tensor phi = run(a.copy(), a, g, SvgdOptions.defaults(), null);
        double before = 0, after = 0;
        for (int i = 0; i < p; i++) {
            double dx = cx - a.data()[2 * i], dy = cy - a.data()[2 * i + 1];
            assertTrue(phi.data()[2 * i] * dx + phi.data()[2 * i + 1] * dy > 0, "particle " + i + " moves toward the peak");
            before += Math.hypot(dx, dy);
            after += Math.hypot(dx - 0.05 * phi.data()[2 * i], dy - 0.05 * phi.data()[2 * i + 1]);
        }
        assertTrue(after < before, "one small step brings the particles closer to the peak on average");
    }

    @Test
    void nearlyCoincidentParticlesArePushedApartWithZeroGradient() {
        // Two particles 1e-3 apart and one far away; no attraction (g = 0), fixed α since the adaptive α would be 0.
        // (Exactly coincident particles feel no push: q − a = 0 by symmetry.)
        Tensor a = t(new float[] {0, 0, 1e-3f, 0, 1, 1}, 1, 3, 2);
        Tensor phi = run(a.copy(), a, Tensor.zeros(1, 3, 2), SvgdOptions.defaults().withFixedTemperature(1), null);
        float[] f = phi.data();
        assertTrue(f[0] < 0 && f[2] > 0, "the pair moves apart along x: " + phi);
        assertTrue(f[2] - f[0] > 1, "and strongly, since h is set by their small distance: " + phi);
    }

    @Test
    void queriesMayOutnumberCentres() {
        FieldData data = FieldData.random(21, 2, 5, 3, 4);
        Tensor expected = Tensor.zeros(2, 5, 4);
        new ReferenceTransportField().compute(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), expected, null);
        FieldData.assertClose("P=5, P'=3", expected, run(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), null));
    }

    @Test
    void badShapesAreRejectedWithTheirNames() {
        TransportField f = field();
        SvgdOptions o = SvgdOptions.defaults();
        Tensor q = Tensor.zeros(2, 3, 4);
        Tensor c = Tensor.zeros(2, 5, 4);
        String m = assertThrows(IllegalArgumentException.class,
                () -> f.compute(q, Tensor.zeros(2, 5, 3), c, o, Tensor.zeros(2, 3, 4), null)).getMessage();
        assertTrue(m.contains("centres have shape [2, 5, 3]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> f.compute(q, c, Tensor.zeros(2, 4, 4), o, Tensor.zeros(2, 3, 4), null)).getMessage();
        assertTrue(m.contains("gradients has shape [2, 4, 4]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> f.compute(q, c, c.copy(), o, Tensor.zeros(2, 5, 4), null)).getMessage();
        assertTrue(m.contains("phiOut has shape [2, 5, 4]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> f.compute(q, c, c.copy(), o, q, null)).getMessage();
        assertTrue(m.contains("phiOut shares its data"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> f.compute(q, c, c.copy(), o.withKernel(SvgdOptions.Kernel.DELTA), Tensor.zeros(2, 3, 4), null)).getMessage();
        assertTrue(m.contains("DELTA takes"), m);
    }
}
