package io.rldt.cuda;

import java.lang.foreign.MemorySegment;

/**
 * The CUDA C source of this module's kernels, compiled once per process with NVRTC ({@code --fmad=false} so
 * that {@code a*x + b*y} rounds like Java's, and IEEE division and square root), and their handles.
 *
 * <ul>
 *   <li>{@code unary_op}, {@code binary_op}: the engine's elementwise ops with Java's semantics (NaN, ±0,
 *       {@code Math.max}/{@code pow} edge cases), transcendental functions in double then rounded: core.cu's
 *       {@code unary1} and {@code binary1}.</li>
 *   <li>{@code axpby}: {@code out = α·x + β·y}.</li>
 *   <li>{@code svgd_field}: the RLDT transport field (spec §2), one thread per query, sums in double.</li>
 * </ul>
 */
final class Kernels {
    /**
     * The elementwise ops' definitions (unary1, binary1: Java's semantics) come from the resident backend's
     * {@code device/core.cu}, so both backends compute them with one source.
     */
    static final String SOURCE = DeviceSource.file("core.cu") + """
        #line 1 "Kernels.java"
        #define MAXPC 256
        extern "C" __global__ void unary_op(int op, const float* x, float* out, long long n) {
          for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x)
            out[i] = unary1(op, x[i]);
        }

        extern "C" __global__ void binary_op(int op, const float* a, const float* b, float* out, long long n) {
          for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x)
            out[i] = binary1(op, a[i], b[i]);
        }

        extern "C" __global__ void axpby(float alpha, const float* x, float beta, const float* y, float* out, long long n) {
          for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x)
            out[i] = alpha * x[i] + beta * y[i];
        }

        // RLDT transport field. q [B,P,D], a and g [B,PC,D], phi [B,P,D].
        // stats [B*P, 3] = (h_i, |attraction_i|, |repulsion_i|), alphaOut [B] (written by query 0 of each state).
        // bandwidth > 0: fixed h; else median heuristic: max(lowerMedian/(2 log(PC+1)), floor).
        // fixedAlpha >= 0: fixed temperature; else clamp(tempScale * mean|g_j|, 0, maxAlpha).
        extern "C" __global__ void svgd_field(const float* q, const float* a, const float* g, float* phi,
            float* stats, float* alphaOut, int B, int P, int PC, int D,
            double bandwidth, double floorH, double tempScale, double fixedAlpha, double maxAlpha) {
          long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x;
          if (t >= (long long) B * P) return;
          int b = (int) (t / P);
          const float* qi = q + t * D;
          const float* ab = a + (long long) b * PC * D;
          const float* gb = g + (long long) b * PC * D;

          double gnorm = 0;
          for (int j = 0; j < PC; j++) {
            double s = 0;
            for (int d = 0; d < D; d++) { double v = gb[j * D + d]; s += v * v; }
            gnorm += sqrt(s);
          }
          double alpha;
          if (fixedAlpha >= 0) alpha = fixedAlpha;
          else { double raw = tempScale * (gnorm / PC); alpha = raw != raw ? raw : fmin(fmax(raw, 0.0), maxAlpha); } // NaN propagates, as in Java
          if (t % P == 0) alphaOut[b] = (float) alpha;

          double dist[MAXPC];
          for (int j = 0; j < PC; j++) {
            double s = 0;
            for (int d = 0; d < D; d++) { double v = (double) qi[d] - ab[j * D + d]; s += v * v; }
            dist[j] = s;
          }
          double h;
          if (bandwidth > 0) h = bandwidth;
          else {
            int want = (PC - 1) / 2; double med = dist[0];
            for (int j = 0; j < PC; j++) {           // the element of stable rank (PC-1)/2
              int rank = 0;
              for (int l = 0; l < PC; l++) rank += (dist[l] < dist[j]) || (dist[l] == dist[j] && l < j);
              if (rank == want) { med = dist[j]; break; }
            }
            h = fmax(med / (2.0 * log(PC + 1.0)), floorH);
          }
          double attr2 = 0, rep2 = 0;
          for (int d = 0; d < D; d++) {
            double at = 0, re = 0, qd = qi[d];
            for (int j = 0; j < PC; j++) {
              double k = exp(-dist[j] / (2 * h));
              at += k * gb[j * D + d];
              re += alpha * k * (qd - ab[j * D + d]) / h;
            }
            at /= PC; re /= PC;
            phi[t * D + d] = (float) (at + re);
            attr2 += at * at; rep2 += re * re;
          }
          stats[t * 3] = (float) h; stats[t * 3 + 1] = (float) sqrt(attr2); stats[t * 3 + 2] = (float) sqrt(rep2);
        }
        """;

    /** NVRTC options (the architecture is added per device): Java's float rounding, IEEE division and square root. */
    static final String[] OPTIONS = {"--fmad=false", "-prec-div=true", "-prec-sqrt=true", "-diag-suppress=177"};

    /** Largest number of centres the field kernel supports (its per-thread distance array). */
    static final int MAX_CENTRES = 256;

    final MemorySegment unary, binary, axpby, svgd;

    private static volatile Kernels instance;

    private Kernels(Cuda cuda) {
        MemorySegment m = cuda.compile(SOURCE, "rldt_kernels.cu", OPTIONS);
        unary = cuda.function(m, "unary_op");
        binary = cuda.function(m, "binary_op");
        axpby = cuda.function(m, "axpby");
        svgd = cuda.function(m, "svgd_field");
    }

    static Kernels get(Cuda cuda) {
        Kernels k = instance;
        if (k == null) {
            synchronized (Kernels.class) {
                if (instance == null) instance = new Kernels(cuda);
                k = instance;
            }
        }
        return k;
    }

    /** Blocks for a grid-stride loop over n elements with 256 threads. */
    static int blocks(long n) {
        return (int) Math.min((n + 255) / 256, 65535L * 4);
    }
}
