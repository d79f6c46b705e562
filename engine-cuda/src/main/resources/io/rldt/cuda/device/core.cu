// Device kernels of the resident CUDA backend (ResidentBackend): the primitives and the named kernels, in one
// dialect that compiles twice:
//   * with NVRTC for the GPU (__CUDACC__ defined): one CUDA thread per work item;
//   * with the system C compiler for the CPU emulation (EmulatedRuntime): a loop over the work items, so every
//     kernel's logic is tested on machines without a GPU, against the Java body it replaces.
// Rules that keep the two identical: a kernel writes only the outputs of its own work item (no shared memory,
// no atomics, no inter-thread communication), floats are combined with the same operations in the same order
// as the Java reference (no FMA contraction: --fmad=false / -ffp-contract=off), and transcendental functions
// are evaluated in double and rounded once, as the Java bodies do.
//
// Every kernel takes one argument block (Args, written by DeviceArgs.java at the same offsets):
//   t[0] is the output, t[1..] the inputs in the order of the Java call (a null pointer for an absent one),
//   size/rank/shape describe each tensor, st and iv carry a primitive's integer plan (strides, axes, ops),
//   idx points to an integer table on the device (index lists), p holds the scalar arguments, n the number of
//   work items.

#if defined(__CUDACC__)
  #define DEV static __device__ __forceinline__
  #define KERNEL(name) \
    DEV void name##_body(const Args* A, long long i); \
    extern "C" __global__ void name(const __grid_constant__ Args args) { \
      long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; \
      if (i < args.n) name##_body(&args, i); \
    } \
    DEV void name##_body(const Args* A, long long i)
  DEV float f_from_bits(int b) { return __int_as_float(b); }
  DEV long long d_to_bits(double v) { return __double_as_longlong(v); }
#else
  #include <math.h>
  #include <string.h>
  #define DEV static inline
  #define KERNEL(name) \
    DEV void name##_body(const Args* A, long long i); \
    void name(const Args* A) { for (long long i = 0; i < A->n; i++) name##_body(A, i); } \
    DEV void name##_body(const Args* A, long long i)
  DEV float f_from_bits(int b) { float f; memcpy(&f, &b, 4); return f; }
  DEV long long d_to_bits(double v) { long long b; memcpy(&b, &v, 8); return b; }
#endif

#define MAXT 8
typedef struct Args {
  float* t[MAXT];          // byte 0: tensors, t[0] = out
  const int* idx;          // byte 64: integer table
  long long n;             // byte 72: work items
  long long size[MAXT];    // byte 80: elements of each tensor
  int rank[MAXT];          // byte 144
  int shape[MAXT][8];      // byte 176: dims of each tensor (row-major)
  int st[4][8];            // byte 432: a primitive's strides / dims
  int iv[16];              // byte 560: a primitive's integers
  double p[32];            // byte 624: scalar arguments
  const long long* table;  // byte 880: kernels with more inputs than t holds: table[k] = input k's address,
  int tables;              // byte 888:   table[tables + k] = its size; tables = the number of inputs
  int pad;
  const double* scalars;   // byte 896: every scalar argument when there are more than p holds (else null): read
                           //   scalars with ARG(k), which looks here first
} Args;                    // 904 bytes

// DeviceArgs.java writes these offsets: a change here that it does not follow fails to compile (the offsets are
// checked by the C compiler, whose layout rules for this struct are the GPU's; NVRTC checks the size)
#if defined(__CUDACC__)
static_assert(sizeof(Args) == 904, "Args layout differs from DeviceArgs.java");
#else
  #define ARGS_ASSERT(c) _Static_assert(c, "Args layout differs from DeviceArgs.java")
ARGS_ASSERT(sizeof(Args) == 904);
ARGS_ASSERT(__builtin_offsetof(Args, scalars) == 896);
ARGS_ASSERT(__builtin_offsetof(Args, table) == 880 && __builtin_offsetof(Args, tables) == 888);
ARGS_ASSERT(__builtin_offsetof(Args, idx) == 64 && __builtin_offsetof(Args, n) == 72);
ARGS_ASSERT(__builtin_offsetof(Args, size) == 80 && __builtin_offsetof(Args, rank) == 144);
ARGS_ASSERT(__builtin_offsetof(Args, shape) == 176 && __builtin_offsetof(Args, st) == 432);
ARGS_ASSERT(__builtin_offsetof(Args, iv) == 560 && __builtin_offsetof(Args, p) == 624);
#endif

// shorthands for kernels (TIN/TSIZE: input k of a kernel listed with a table, DeviceKernel.withTable)
#define OUT (A->t[0])
#define IN(k) (A->t[(k) + 1])
#define DIM(k, d) (A->shape[(k) + 1][d])          // dims of input k
#define ODIM(d) (A->shape[0][d])                   // dims of the output
#define LAST(k) (A->shape[(k) + 1][A->rank[(k) + 1] - 1])
#define ARG(k) (A->scalars ? A->scalars[k] : A->p[k])   // scalar argument k (any number of them)
#define TIN(k) ((float*) A->table[k])
#define TSIZE(k) (A->table[A->tables + (k)])

DEV float f_nan(void) { return f_from_bits(0x7fc00000); }

// ------------------------------------------------------------------ elementwise primitives (UnaryOp, BinaryOp)

DEV float unary1(int op, float x) {
  switch (op) {
    case 0: return -x;                                   // NEG
    case 1: return fabsf(x);                             // ABS
    case 2: return (float) exp((double) x);              // EXP
    case 3: return (float) log((double) x);              // LOG
    case 4: return (float) log1p((double) x);            // LOG1P
    case 5: return (float) expm1((double) x);            // EXPM1
    case 6: return (float) sqrt((double) x);             // SQRT
    case 7: return x * x;                                // SQUARE
    case 8: return 1.0f / x;                             // RECIPROCAL
    case 9: return (float) tanh((double) x);             // TANH
    case 10: {                                           // SIGMOID, overflow-free like UnaryOp
      double v = x;
      if (v >= 0) return (float) (1.0 / (1.0 + exp(-v)));
      if (v != v) return f_nan();
      double e = exp(v); return (float) (e / (1.0 + e));
    }
    case 11: return x > 0.0f ? x : 0.0f;                 // RELU (NaN -> 0)
    case 12: return x > 0.0f ? 1.0f : 0.0f;              // STEP
    case 13: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x); // SIGN (keeps ±0 and NaN)
    case 14: return (float) sin((double) x);             // SIN
    case 15: return (float) cos((double) x);             // COS
  }
  return f_nan();
}

DEV float jmax(float a, float b) {                       // Math.max: NaN wins, +0 > -0
  if (a != a || b != b) return f_nan();
  if (a == 0.0f && b == 0.0f) return signbit(a) ? b : a;
  return a > b ? a : b;
}
DEV float jmin(float a, float b) {
  if (a != a || b != b) return f_nan();
  if (a == 0.0f && b == 0.0f) return signbit(a) ? a : b;
  return a < b ? a : b;
}
DEV float jpow(float a, float b) {                       // Math.pow's special cases differ from C's
  double x = a, y = b;
  if (y != y) return f_nan();
  if (y == 0.0) return 1.0f;
  if (fabs(x) == 1.0 && isinf(y)) return f_nan();
  return (float) pow(x, y);
}

// Math.max / Math.min on doubles: NaN wins, +0 > −0 (the named kernels' double arithmetic)
DEV double jmax_d(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == 0.0 && b == 0.0) return signbit(a) ? b : a;
  return a > b ? a : b;
}
DEV double jmin_d(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == 0.0 && b == 0.0) return signbit(a) ? a : b;
  return a < b ? a : b;
}

DEV float binary1(int op, float a, float b) {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / b;
    case 4: return jmax(a, b);
    case 5: return jmin(a, b);
    case 6: return jpow(a, b);
    case 7: return a > b ? 1.0f : 0.0f;
    case 8: return a >= b ? 1.0f : 0.0f;
    case 9: return a == b ? 1.0f : 0.0f;
  }
  return f_nan();
}

// out[i] = op(x[i]); iv[0] = op
KERNEL(p_unary) { OUT[i] = unary1(A->iv[0], IN(0)[i]); }

// out = op(a, b) with broadcasting: the output's dims in shape[0], a's and b's strides per output axis in
// st[0] and st[1] (0 on a broadcast axis); iv[0] = op
KERNEL(p_binary) {
  long long r = i, ao = 0, bo = 0;
  for (int d = A->rank[0] - 1; d >= 0; d--) {
    int dim = ODIM(d), k = (int) (r % dim);
    r /= dim;
    ao += (long long) k * A->st[0][d];
    bo += (long long) k * A->st[1][d];
  }
  OUT[i] = binary1(A->iv[0], IN(0)[ao], IN(1)[bo]);
}

// out = α·x + β·y; p = (α, β)
KERNEL(p_axpby) {
  float alpha = (float) A->p[0], beta = (float) A->p[1];
  OUT[i] = alpha * IN(0)[i] + beta * IN(1)[i];
}

// out[i] = value; p[0] = value
KERNEL(p_fill) { OUT[i] = (float) A->p[0]; }

// out[i] = x[i]
KERNEL(p_copy) { OUT[i] = IN(0)[i]; }

// ------------------------------------------------------------------ reductions

// One output element per work item, in double, visiting its reduced elements in x's row-major order (the
// reference's order, so sums are bit-identical). Kept axes: iv[1] of them, dims st[2], x strides st[0];
// reduced axes: iv[2] of them, dims st[3], x strides st[1]. iv[0] = op (0 SUM, 1 MEAN, 2 MAX, 3 MIN);
// p[0] = elements per output (the mean's divisor).
KERNEL(p_reduce) {
  long long r = i, base = 0;
  for (int d = A->iv[1] - 1; d >= 0; d--) {
    int dim = A->st[2][d], k = (int) (r % dim);
    r /= dim;
    base += (long long) k * A->st[0][d];
  }
  int op = A->iv[0], nr = A->iv[2];
  long long count = 1;
  for (int d = 0; d < nr; d++) count *= A->st[3][d];
  double inf = (double) f_from_bits(0x7f800000);
  double acc = op <= 1 ? 0.0 : (op == 2 ? -inf : inf);
  int idx[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long long off = base;
  for (long long c = 0; c < count; c++) {
    double v = IN(0)[off];
    if (op <= 1) acc += v;
    else if (op == 2) acc = (v != v || v > acc) ? v : acc;
    else acc = (v != v || v < acc) ? v : acc;
    for (int d = nr - 1; d >= 0; d--) {                  // next reduced index, row-major
      if (++idx[d] < A->st[3][d]) { off += A->st[1][d]; break; }
      off -= (long long) A->st[1][d] * (A->st[3][d] - 1);
      idx[d] = 0;
    }
  }
  OUT[i] = (float) (op == 1 ? acc / A->p[0] : acc);
}

// ------------------------------------------------------------------ layout

// out[i] = x[base + Σ_d k_d·st[0][d]] over the output's dims (shape[0]); iv[0] = base.
// Permute (strides permuted) and slice (base = start·stride) are both this.
KERNEL(p_gather) {
  long long r = i, off = A->iv[0];
  for (int d = A->rank[0] - 1; d >= 0; d--) {
    int dim = ODIM(d), k = (int) (r % dim);
    r /= dim;
    off += (long long) k * A->st[0][d];
  }
  OUT[i] = IN(0)[off];
}

// out[base + Σ_d k_d·st[0][d]] (+)= src[i] over src's dims (shape[1]); iv[0] = base, iv[1] = accumulate.
// Each source element has its own destination, so work items never collide (sliceInto, concat).
KERNEL(p_scatter) {
  long long r = i, off = A->iv[0];
  for (int d = A->rank[1] - 1; d >= 0; d--) {
    int dim = DIM(0, d), k = (int) (r % dim);
    r /= dim;
    off += (long long) k * A->st[0][d];
  }
  if (A->iv[1]) OUT[off] += IN(0)[i];
  else OUT[off] = IN(0)[i];
}

// indexSelect: out [outer, len, inner] = x [outer, dim, inner] at rows idx[0..len); iv = (len, dim, inner)
KERNEL(p_index_select) {
  long long len = A->iv[0], dim = A->iv[1], inner = A->iv[2];
  long long j = i % inner, row = (i / inner) % len, o = i / (inner * len);
  OUT[i] = IN(0)[(o * dim + A->idx[row]) * inner + j];
}

// indexAdd: out [outer, dim, inner] += src [outer, len, inner] at rows idx. One work item per output element,
// adding its sources in the order of the index list (the reference's order): idx holds, for each output row r,
// the source rows idx[dim + 1 + idx[r] .. dim + 1 + idx[r + 1]) in ascending order. iv = (len, dim, inner)
KERNEL(p_index_add) {
  long long len = A->iv[0], dim = A->iv[1], inner = A->iv[2];
  long long j = i % inner, row = (i / inner) % dim, o = i / (inner * dim);
  float v = OUT[i];
  const int* list = A->idx + dim + 1;
  for (int k = A->idx[row]; k < A->idx[row + 1]; k++) v += IN(0)[(o * len + list[k]) * inner + j];
  OUT[i] = v;
}

// ------------------------------------------------------------------ helpers for named kernels

// HostKernel.putDouble: a double's 64 bits as three floats of 22, 21 and 21 bits
DEV void put_double(float* out, long long at, double v) {
  long long bits = d_to_bits(v);
  out[at] = (float) (int) ((unsigned long long) bits >> 42);
  out[at + 1] = (float) (int) ((bits >> 21) & 0x1FFFFF);
  out[at + 2] = (float) (int) (bits & 0x1FFFFF);
}

// The plain path of FastMath.sigmoid: in double, rounded once
DEV float sigmoid1(float x) {
  double v = x;
  return (float) (v >= 0 ? 1 / (1 + exp(-v)) : exp(v) / (1 + exp(v)));
}

#if !defined(__CUDACC__)
// ------------------------------------------------------------------ emulation only: the GEMM cuBLAS does on a GPU

// Row-major C[m,n] = op(A)·op(B) + beta·C per batch, element strides (0 broadcasts), sums in double like the
// JVM reference. Called by EmulatedRuntime.sgemm.
void emu_sgemm(int ta, int tb, int m, int n, int k, const float* a, long long sa, const float* b, long long sb,
               float beta, float* c, int batch) {
  for (int bt = 0; bt < batch; bt++) {
    const float* ab = a + sa * bt; const float* bb = b + sb * bt; float* cb = c + (long long) m * n * bt;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int q = 0; q < k; q++) {
          float av = ta ? ab[(long long) q * m + i] : ab[(long long) i * k + q];
          float bv = tb ? bb[(long long) j * k + q] : bb[(long long) q * n + j];
          s += (double) av * bv;
        }
        long long o = (long long) i * n + j;
        cb[o] = beta != 0.0f ? (float) (cb[o] + s) : (float) s;
      }
    }
  }
}
#endif
