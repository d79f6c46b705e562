package io.rldt.jmh;

import io.rldt.engine.Backend;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code out[m,n] = a[m,k]·b[k,n]} through {@link Backend#matmul} with a preallocated output.
 * Shapes {@code MxKxN}: the square-ish {@code [N,256]×[256,256]} series and the spec networks' layers at
 * batch 256 (velocity input {@code 57 = D+16+O → 512}, hidden {@code 512 → 512}; critic input
 * {@code 41 = O+D → 256}; critic hidden is {@code 256x256x256}). GFLOP/s = ops/s · 2·M·K·N / 1e9 (the
 * summary script prints it). Plain {@code jvm} is meant for the small shapes only ({@code run-benchmarks.sh}
 * restricts it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBench {
    @Param({"64x256x256", "256x256x256", "1024x256x256", "256x57x512", "256x512x512", "256x41x256"})
    public String shape;

    @Param({"jvm-simd-1", "jvm-simd-2", "jvm"})
    public String backend;

    private Backend be;
    // Package-private: PeerReference exports the operands for the peers' numerical checks.
    Tensor a, b;
    private Tensor out;

    @Setup
    public void setup() {
        build();
        int m = a.dim(0), n = b.dim(1);
        out = Tensor.zeros(m, n);
        be = Workloads.backend(backend);
        Tensor expected = Tensor.zeros(m, n);
        new JvmBackend().matmul(a, false, b, false, expected, false);
        be.matmul(a, false, b, false, out, false);
        Workloads.check("GemmBench " + backend + " " + shape + " vs jvm", Workloads.maxRelDiff(out, expected), 1e-4);
    }

    /** The operands a [M, K] and b [K, N] of {@link #shape}, N(0, 1) from seed 1. */
    void build() {
        String[] p = shape.split("x");
        int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
        Rng rng = new Rng(1);
        a = Workloads.normal(rng, m, k);
        b = Workloads.normal(rng, k, n);
    }

    @Benchmark
    public Tensor matmul() {
        be.matmul(a, false, b, false, out, false);
        return out;
    }
}
