package io.rldt.kernels;

import io.rldt.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast field against the reference on awkward and production sizes, and 1 vs N threads bit for bit. */
class FastVsReferenceTest {
    private static final List<SvgdOptions> OPTIONS = List.of(
            SvgdOptions.defaults(),
            SvgdOptions.defaults().withBandwidth(0.7),
            SvgdOptions.defaults().withFixedTemperature(0.3),
            SvgdOptions.defaults().withKernel(SvgdOptions.Kernel.DELTA));

    @Test
    void awkwardSizesMatchTheReference() {
        ReferenceTransportField ref = new ReferenceTransportField();
        try (FastTransportField fast = new FastTransportField(1)) { // one instance: workspaces re-size on shape change
            long seed = 0;
            for (int b : new int[] {1, 3, 7}) {
                for (int p : new int[] {1, 2, 3, 8, 13}) {
                    for (int d : new int[] {1, 3, 7, 12, 24, 31}) {
                        for (int pc : new int[] {p, p + 2}) {
                            SvgdOptions o = OPTIONS.get((int) (seed % OPTIONS.size()));
                            compare(ref, fast, FieldData.random(seed++, b, p, pc, d), o,
                                    "B=" + b + " P=" + p + " P'=" + pc + " D=" + d + " " + o);
                        }
                    }
                }
            }
        }
    }

    @Test
    void productionSizesMatchTheReference() {
        ReferenceTransportField ref = new ReferenceTransportField();
        try (FastTransportField fast = new FastTransportField(2)) {
            for (int p : new int[] {8, 16, 32}) {
                for (int d : new int[] {12, 24}) {
                    compare(ref, fast, FieldData.random(100 + p + d, 256, p, p, d), SvgdOptions.defaults(),
                            "B=256 P=" + p + " D=" + d);
                }
            }
        }
    }

    @Test
    void tiedDistancesAndManyCentresMatchTheReference() {
        ReferenceTransportField ref = new ReferenceTransportField();
        try (FastTransportField fast = new FastTransportField(1)) {
            // Particles on a coarse integer grid: many equal distances, where rank counting must handle ties.
            for (int pc : new int[] {2, 4, 8, 9, 16}) {
                FieldData data = FieldData.random(pc, 5, pc, pc, 2);
                for (Tensor t : new Tensor[] {data.queries, data.centres}) {
                    for (int i = 0; i < t.size(); i++) t.data()[i] = Math.round(t.data()[i]);
                }
                compare(ref, fast, data, SvgdOptions.defaults(), "ties P'=" + pc);
            }
            // More centres than the rank count handles: the quickselect path.
            compare(ref, fast, FieldData.random(77, 2, 5, 70, 3), SvgdOptions.defaults(), "P'=70");
        }
    }

    private static void compare(TransportField ref, TransportField fast, FieldData data, SvgdOptions o, String what) {
        int[] shape = data.queries.shape();
        Tensor expected = Tensor.zeros(shape), actual = Tensor.full(Float.NaN, shape);
        FieldStats es = new FieldStats(), as = new FieldStats();
        Tensor grads = o.kernel() == SvgdOptions.Kernel.DELTA ? data.queries.copy() : data.gradients;
        ref.compute(data.queries, data.centres, grads, o, expected, es);
        fast.compute(data.queries, data.centres, grads, o, actual, as);
        FieldData.assertClose(what, expected, actual);
        assertStatsClose(what, es, as);
    }

    private static void assertStatsClose(String what, FieldStats e, FieldStats a) {
        double tol = 1e-4; // means of float results against double: loose, they are for metrics only
        assertEquals(e.meanBandwidth(), a.meanBandwidth(), tol * Math.max(1, e.meanBandwidth()), what + " h");
        assertEquals(e.meanAlpha(), a.meanAlpha(), tol * Math.max(1, e.meanAlpha()), what + " alpha");
        assertEquals(e.meanAttractionNorm(), a.meanAttractionNorm(), tol * Math.max(1, e.meanAttractionNorm()), what + " attraction");
        assertEquals(e.meanRepulsionNorm(), a.meanRepulsionNorm(), tol * Math.max(1, e.meanRepulsionNorm()), what + " repulsion");
    }

    @Test
    void oneAndSeveralThreadsGiveIdenticalBits() {
        try (FastTransportField one = new FastTransportField(1);
             FastTransportField two = new FastTransportField(2);
             FastTransportField three = new FastTransportField(3)) {
            for (int b : new int[] {1, 3, 7, 256}) {
                FieldData data = FieldData.random(b, b, 8, 8, 24);
                Tensor phi1 = Tensor.zeros(b, 8, 24), phi2 = Tensor.zeros(b, 8, 24), phi3 = Tensor.zeros(b, 8, 24);
                FieldStats s1 = new FieldStats(), s2 = new FieldStats(), s3 = new FieldStats();
                for (int rep = 0; rep < 3; rep++) { // repeated calls reuse the workspaces
                    one.compute(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), phi1, s1);
                    two.compute(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), phi2, s2);
                    three.compute(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), phi3, s3);
                    assertArrayEquals(phi1.data(), phi2.data(), "B=" + b + " 1 vs 2 threads");
                    assertArrayEquals(phi1.data(), phi3.data(), "B=" + b + " 1 vs 3 threads");
                    assertEquals(s1.toString(), s2.toString());
                    assertEquals(s1.toString(), s3.toString());
                }
            }
        }
    }

    @Test
    void factoryLogsAndReturnsAWorkingField() {
        TransportField f = TransportFields.create(1);
        FieldData data = FieldData.random(1, 2, 3, 3, 2);
        Tensor phi = Tensor.zeros(2, 3, 2);
        f.compute(data.queries, data.centres, data.gradients, SvgdOptions.defaults(), phi, null);
        assertTrue(f.name().startsWith("fast["), f.name() + ": " + TransportFields.choiceReason());
    }
}
