package io.rldt.jmh;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.kernels.FastTransportField;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SVGD transport field φ (spec §2, RBF kernel, median bandwidth, scaled temperature) for B = 256 states,
 * P queries and P centres of dimension D. {@code impl = reference} (plain loops in double, the specification;
 * single-threaded, so its {@code threads} parameter changes nothing) or {@code fast} (Vector API, states
 * split over {@code threads}). Setup checks fast against reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SvgdBench {
    @Param({"8", "16", "32"})
    public int particles;

    @Param({"12", "24"})
    public int dim;

    @Param({"reference", "fast"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private TransportField field;
    // Package-private: PeerReference exports these inputs for the peers' numerical checks.
    Tensor queries, centres, gradients;
    private Tensor phi;
    private final FieldStats stats = new FieldStats();
    private final SvgdOptions opts = SvgdOptions.defaults();

    @Setup
    public void setup() {
        build();
        int b = Workloads.B;
        phi = Tensor.zeros(b, particles, dim);
        field = impl.equals("fast") ? new FastTransportField(threads) : new ReferenceTransportField();
        Tensor expected = Tensor.zeros(b, particles, dim);
        new ReferenceTransportField().compute(queries, centres, gradients, opts, expected, null);
        field.compute(queries, centres, gradients, opts, phi, stats);
        Workloads.check("SvgdBench " + field.name() + " vs reference", Workloads.maxRelDiff(phi, expected), 1e-4);
    }

    /** The field's inputs [B, P, D] (queries, centres, ∇Q at the centres), N(0, 1) from seed 5. */
    void build() {
        Rng rng = new Rng(5);
        int b = Workloads.B;
        queries = Workloads.normal(rng, b, particles, dim);
        centres = Workloads.normal(rng, b, particles, dim);
        gradients = Workloads.normal(rng, b, particles, dim);
    }

    @TearDown
    public void tearDown() {
        if (field instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    public Tensor field() {
        field.compute(queries, centres, gradients, opts, phi, stats);
        return phi;
    }
}
