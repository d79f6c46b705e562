package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CUDA SVGD field against {@link ReferenceTransportField} on awkward and production sizes. */
@Tag("gpu")
class CudaTransportFieldTest {
    private static final List<SvgdOptions> OPTIONS = List.of(
            SvgdOptions.defaults(),
            SvgdOptions.defaults().withBandwidth(0.7),
            SvgdOptions.defaults().withFixedTemperature(0.3),
            SvgdOptions.defaults().withKernel(SvgdOptions.Kernel.DELTA));

    @BeforeEach
    void needsCuda() {
        GpuAssumptions.assumeCuda();
    }

    /** [queries, centres, gradients]: centres N(0,1), queries near centres (+N(0,0.3²)), gradients N(0,1). */
    static Tensor[] data(long seed, int b, int p, int pc, int d) {
        Rng rng = new Rng(seed);
        Tensor a = Tensor.zeros(b, pc, d), g = Tensor.zeros(b, pc, d), q = Tensor.zeros(b, p, d);
        for (int i = 0; i < a.size(); i++) a.data()[i] = (float) rng.nextGaussian();
        for (int i = 0; i < g.size(); i++) g.data()[i] = (float) rng.nextGaussian();
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < p; i++) {
                for (int k = 0; k < d; k++) {
                    q.data()[(s * p + i) * d + k] = (float) (0.3 * rng.nextGaussian()) + a.data()[(s * pc + i % pc) * d + k];
                }
            }
        }
        return new Tensor[] {q, a, g};
    }

    @Test
    void awkwardSizesMatchTheReference() {
        TransportField ref = new ReferenceTransportField();
        try (CudaTransportField cuda = new CudaTransportField()) {
            long seed = 0;
            for (int b : new int[] {1, 3, 7}) {
                for (int p : new int[] {1, 2, 3, 8, 13}) {
                    for (int d : new int[] {1, 3, 7, 12, 24, 31}) {
                        for (int pc : new int[] {p, p + 2}) {
                            SvgdOptions o = OPTIONS.get((int) (seed % OPTIONS.size()));
                            compare(ref, cuda, data(seed++, b, p, pc, d), o,
                                    "B=" + b + " P=" + p + " P'=" + pc + " D=" + d + " " + o);
                        }
                    }
                }
            }
        }
    }

    @Test
    void productionSizesMatchTheReference() {
        TransportField ref = new ReferenceTransportField();
        try (CudaTransportField cuda = new CudaTransportField()) {
            for (int p : new int[] {8, 16, 32}) {
                for (int d : new int[] {12, 24}) {
                    compare(ref, cuda, data(100 + p + d, 256, p, p, d), SvgdOptions.defaults(), "B=256 P=" + p + " D=" + d);
                }
            }
        }
    }

    @Test
    void tiesAndManyCentres() {
        TransportField ref = new ReferenceTransportField();
        try (CudaTransportField cuda = new CudaTransportField()) {
            for (int pc : new int[] {2, 4, 8, 9, 16}) {
                Tensor[] t = data(pc, 5, pc, pc, 2);
                for (Tensor x : new Tensor[] {t[0], t[1]}) {
                    for (int i = 0; i < x.size(); i++) x.data()[i] = Math.round(x.data()[i]);
                }
                compare(ref, cuda, t, SvgdOptions.defaults(), "ties P'=" + pc);
            }
            compare(ref, cuda, data(77, 2, 5, 70, 3), SvgdOptions.defaults(), "P'=70");
            compare(ref, cuda, data(78, 2, 5, 300, 3), SvgdOptions.defaults(), "P'=300 (reference fallback)");
        }
    }

    @Test
    void rejectsBadShapesNamingThem() {
        try (CudaTransportField cuda = new CudaTransportField()) {
            Tensor[] t = data(1, 2, 3, 3, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cuda.compute(t[0], t[1],
                    Tensor.zeros(2, 3, 5), SvgdOptions.defaults(), Tensor.zeros(2, 3, 4), null));
            if (!e.getMessage().contains("gradients")) fail(e.getMessage());
        }
    }

    static void compare(TransportField ref, TransportField cuda, Tensor[] t, SvgdOptions o, String what) {
        int[] shape = t[0].shape();
        Tensor expected = Tensor.zeros(shape), actual = Tensor.full(Float.NaN, shape);
        FieldStats es = new FieldStats(), as = new FieldStats();
        Tensor grads = o.kernel() == SvgdOptions.Kernel.DELTA ? t[0].copy() : t[2];
        ref.compute(t[0], t[1], grads, o, expected, es);
        cuda.compute(t[0], t[1], grads, o, actual, as);
        double scale = 1;
        for (float v : expected.data()) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i], x = actual.data()[i];
            if (!(Math.abs(e - x) <= 1e-5 * scale + 1e-5 * Math.abs(e))) {
                fail(what + ": element " + i + " is " + x + ", expected " + e + " (scale " + scale + ")");
            }
        }
        double tol = 1e-4;
        assertEquals(es.meanBandwidth(), as.meanBandwidth(), tol * Math.max(1, es.meanBandwidth()), what + " h");
        assertEquals(es.meanAlpha(), as.meanAlpha(), tol * Math.max(1, es.meanAlpha()), what + " alpha");
        assertEquals(es.meanAttractionNorm(), as.meanAttractionNorm(), tol * Math.max(1, es.meanAttractionNorm()), what + " attr");
        assertEquals(es.meanRepulsionNorm(), as.meanRepulsionNorm(), tol * Math.max(1, es.meanRepulsionNorm()), what + " rep");
    }
}
