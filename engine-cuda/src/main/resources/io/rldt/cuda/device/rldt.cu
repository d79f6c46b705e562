// Device versions of the rldt, kernels and engine modules' named kernels (RldtDeviceKernels.java lists them).
// Each kernel repeats its Java body's arithmetic: the same operations in the same order, float where Java uses
// float and double where it uses double (Math.min/Math.max through core.cu's jmin/jmax and jmin_d/jmax_d,
// which keep Java's NaN and signed-zero rules). Helpers here are prefixed rl_ (this file shares a translation unit with
// core.cu and autodiff.cu).

// ------------------------------------------------------------------ helpers

// Scalar argument k of the call (core.cu's ARG: the argument block holds 32; a longer list, such as per-row
// depths, noise or trajectory lengths, is in device memory at A->scalars).
DEV double rl_p(const Args* A, long long k) {
  return ARG(k);
}

// The last dimension of the output (1 for a scalar)
DEV long long rl_out_last(const Args* A) {
  return A->rank[0] > 0 ? A->shape[0][A->rank[0] - 1] : 1;
}

// ------------------------------------------------------------------ rldt: agent/RldtKernels.java

// fisher_interpolate (RldtKernels.INTERPOLATE; in: ε' [N, D], t' [N, 1], a [N, D]):
// x' [N, D] = (1 − t'_i)·ε' + t'_i·a, in float. One work item per element.
KERNEL(k_fisher_interpolate) {
  long long d = ODIM(1), row = i / d;
  float t = IN(1)[row];
  OUT[i] = (1.0f - t) * IN(0)[i] + t * IN(2)[i];
}

// transport_weight (RldtKernels.TRANSPORT_WEIGHT; in: φ [N, D], t [N, 1]; p = {K}):
// w [N, D] = φ / (K·(1 − t_i)), the denominator formed in float from the int K. One work item per element.
KERNEL(k_transport_weight) {
  long long d = ODIM(1), row = i / d;
  int k = (int) A->p[0];
  float denom = (float) k * (1.0f - IN(1)[row]);
  OUT[i] = IN(0)[i] / denom;
}

// consistency_offset (RldtKernels.CONSISTENCY_OFFSET; in: x [N, D], a [N, D], t [N, 1]; p = {K}):
// o [N, D] = (x − a) / (K·(1 − t_i)), in float. One work item per element.
KERNEL(k_consistency_offset) {
  long long d = ODIM(1), row = i / d;
  int k = (int) A->p[0];
  float denom = (float) k * (1.0f - IN(2)[row]);
  OUT[i] = (IN(0)[i] - IN(1)[i]) / denom;
}

// mean_row_norm (RldtKernels.MEAN_ROW_NORM; in: x [N, D]): out [3] = putDouble((1/N)·Σ_i sqrt(Σ_j x_ij²)), sums in
// double, rows and columns in order. A whole-tensor reduction: ONE work item (sequential, so slow on a GPU for
// large N, but bit-identical to the Java loop; it runs twice per actor step on [B·P, D]).
KERNEL(k_mean_row_norm) {
  const float* x = IN(0);
  long long rows = DIM(0, 0), d = DIM(0, 1);
  double total = 0;
  for (long long r = 0; r < rows; r++) {
    double s = 0;
    for (long long j = 0; j < d; j++) s += (double) x[r * d + j] * x[r * d + j];
    total += sqrt(s);
  }
  put_double(OUT, 0, total / (double) rows);
}

// ------------------------------------------------------------------ rldt: agent/SacAgent.java

// sac_td_target (SacAgent.TD_TARGET; in: min Q̄, log π, r, d, each with y's element count; p = {γ, α}):
// y = r + (1 − d)·γ·(min Q̄ − α·log π), in float, left to right. One work item per element.
KERNEL(k_sac_td_target) {
  float gamma = (float) A->p[0], alpha = (float) A->p[1];
  OUT[i] = IN(2)[i] + (1.0f - IN(3)[i]) * gamma * (IN(0)[i] - alpha * IN(1)[i]);
}

// ------------------------------------------------------------------ rldt: critic/CriticEnsemble.java

// The members q_0..q_{E−1} of an ensemble call are its inputs, any number of them (1..256 by CriticConfig): from
// the input table (DeviceKernel.withTable), E = A->tables.

// ensemble_min (CriticEnsemble.MIN; in: q_0..q_{E−1} [n]): out [n] = min_e q_e, from +∞ with Math.min (NaN
// propagates). One work item per element.
KERNEL(k_ensemble_min) {
  int e = A->tables;
  float o = f_from_bits(0x7f800000);
  for (int m = 0; m < e; m++) o = jmin(o, TIN(m)[i]);
  OUT[i] = o;
}

// ensemble_mean_minus_std (CriticEnsemble.MEAN_MINUS_STD; in: q_0..q_{E−1} [n]; p = {ρ}):
// out [n] = (float) (mean − ρ·std), mean and the unbiased std in double (std = 0 for E = 1). One work item per element.
KERNEL(k_ensemble_mean_minus_std) {
  int e = A->tables;
  double mean = 0, ss = 0;
  for (int m = 0; m < e; m++) mean += TIN(m)[i];
  mean /= e;
  for (int m = 0; m < e; m++) ss += (TIN(m)[i] - mean) * (TIN(m)[i] - mean);
  double std = e > 1 ? sqrt(ss / (e - 1)) : 0.0;
  OUT[i] = (float) (mean - A->p[0] * std);
}

// ------------------------------------------------------------------ rldt: data/CriticBatch.java

// bootstrap_mean (CriticBatch.BOOTSTRAP_MEAN; in: v [repeats·N]; p = {repeats, lo, hi}):
// out [N] = (float) max(lo, min(hi, (Σ_rep v[rep·N + i]) / repeats)), the sum in double, in rep order.
// One work item per output element.
KERNEL(k_bootstrap_mean) {
  long long rows = A->size[0];
  int repeats = (int) A->p[0];
  double mean = 0;
  for (int rep = 0; rep < repeats; rep++) mean += IN(0)[rep * rows + i];
  OUT[i] = (float) jmax_d(A->p[1], jmin_d(A->p[2], mean / repeats));
}

// td_lambda_targets (CriticBatch.TD_TARGETS with TdTargets.compute; in: r [N], Q̄ [N];
// p = {γ, λ, len_0, terminal_0, len_1, terminal_1, ...}): each trajectory backwards in double,
//   y_t = r_t + γ·notDone_t·((1 − λ)·Q̄_t + λ·y_{t+1}),  y_L := Q̄_{L−1},  notDone = 0 only at a terminal last step.
// One work item per trajectory (the recursion is sequential inside one); its offset is the sum of the lengths
// before it.
KERNEL(k_td_lambda_targets) {
  const float* rewards = IN(0);
  const float* next = IN(1);
  float* out = OUT;
  double gamma = rl_p(A, 0), lambda = rl_p(A, 1);
  long long offset = 0;
  for (long long k = 0; k < i; k++) offset += (int) rl_p(A, 2 + 2 * k);
  int len = (int) rl_p(A, 2 + 2 * i);
  int terminal = rl_p(A, 3 + 2 * i) != 0;
  double nx = next[offset + len - 1];
  for (int t = len - 1; t >= 0; t--) {
    double notDone = (t == len - 1 && terminal) ? 0.0 : 1.0;
    double y = rewards[offset + t] + gamma * notDone * ((1 - lambda) * next[offset + t] + lambda * nx);
    out[offset + t] = (float) y;
    nx = y;
  }
}

// ------------------------------------------------------------------ rldt: policy/FlowPolicy.java

// euler_step (FlowPolicy.EULER_STEP; out: states [K+1, N, D] in place; in: velocities [K, N, D];
// p = {k, Δt, N·D}): states[k+1] = states[k] + Δt·velocities[k], in float. One work item per element of
// row k + 1 (N·D items); it reads row k, which no item writes.
KERNEL(k_euler_step) {
  long long k = (int) A->p[0], nd = (int) A->p[2];
  float dt = (float) A->p[1];
  long long cur = k * nd, nxt = (k + 1) * nd;
  OUT[nxt + i] = OUT[cur + i] + dt * IN(0)[cur + i];
}

// ------------------------------------------------------------------ rldt: policy/Chain.java

// expected_target (Chain.EXPECTED_TARGET; in: x [N, D], v [N, D]; p = {K, k_0..k_{N−1}}):
// a† = x + (1 − k_i/K)·v, k_i/K a float division of the int depth by the int K. One work item per element.
KERNEL(k_expected_target) {
  long long d = ODIM(1), row = i / d;
  int k = (int) rl_p(A, 0);
  float remaining = 1.0f - (float) (int) rl_p(A, 1 + row) / (float) k;
  OUT[i] = IN(0)[i] + remaining * IN(1)[i];
}

// ------------------------------------------------------------------ rldt: policy/Exploration.java

// exploration_perturb (Exploration.PERTURB; out: a [N, D] in place; in: a† [N, D]; p = ξ [N·D]):
// a_row += (float) (‖a_row − a†_row‖·ξ), each difference in float and the norm in double. One work item per row
// (the norm reads the row before it changes).
KERNEL(k_exploration_perturb) {
  float* x = OUT;
  const float* target = IN(0);
  long long d = ODIM(1), base = i * d;
  double dist = 0;
  for (long long j = 0; j < d; j++) {
    double diff = (double) (x[base + j] - target[base + j]);
    dist += diff * diff;
  }
  dist = sqrt(dist);
  for (long long j = 0; j < d; j++) x[base + j] = x[base + j] + (float) (dist * rl_p(A, base + j));
}

// clip_box (Exploration.CLIP; out: a [N, D] in place; p = {low_0..low_{D−1}, high_0..high_{D−1}}):
// a = min(high_j, max(low_j, a)) in float with Math's NaN rules, j = column (D = a's last dim = p.length / 2,
// which RldtDeviceKernels checks). One work item per element.
KERNEL(k_clip_box) {
  long long d = rl_out_last(A), j = i % d;
  OUT[i] = jmin((float) rl_p(A, d + j), jmax((float) rl_p(A, j), OUT[i]));
}

// ------------------------------------------------------------------ rldt: policy/SquashedGaussianPolicy.java

// tanh_squash (SquashedGaussianPolicy.SQUASH; in: μ [N, A]; p = {c_0..c_{A−1}, b_0..b_{A−1}}):
// a = c_j·tanh(μ) + b_j in float (tanh in double, rounded once), j = column (A = out's last dim = p.length / 2,
// which RldtDeviceKernels checks). One work item per element.
KERNEL(k_tanh_squash) {
  long long a = rl_out_last(A), j = i % a;
  OUT[i] = (float) rl_p(A, j) * (float) tanh((double) IN(0)[i]) + (float) rl_p(A, a + j);
}

// ------------------------------------------------------------------ kernels: ResidentTransportField.java

// svgd_field (ResidentTransportField's kernel: TransportField.compute as ReferenceTransportField specifies it).
// out: φ [B, P, D]; in: queries [B, P, D], centres [B, P', D] (null for DELTA), gradients ([B, P', D]; DELTA:
// [B, P, D]), stats [12] = putDouble of (mean h, mean α, mean |attraction|, mean |repulsion|), scratch [B, P, 12]
// (zeros: the statistics' terms of each query, four putDouble triples: h_i, α of its state, |attraction_i|,
// |repulsion_i|; the host body ignores it).
// p = the SvgdOptions: {kernel (0 RBF, 1 DELTA), bandwidth (NaN: median heuristic), temperatureScale,
//   fixedTemperature (NaN: adaptive), maxTemperature, bandwidthFloor} (ResidentTransportField.args).
// RBF, per state b and query q_i (all in double, as the reference):
//   α_b = fixed or min(max(scale·(1/P')·Σ_j ‖g_j‖, 0), max);  d_ij = ‖q_i − a_j‖²
//   h_i = fixed or max(lowerMedian_j d_ij / (2·log(P' + 1)), floor);  k_ij = exp(−d_ij / (2 h_i))
//   φ_i = (float) ((1/P')·Σ_j k_ij·g_j + (1/P')·Σ_j α·k_ij·(q_i − a_j)/h_i)
// DELTA: φ = gradients; stats (0, 0, mean_i ‖g_i‖, 0).
// Two passes. k_svgd_field: B·P work items, item i computes query i's φ and writes its terms of the statistics to
// the scratch (DELTA: ‖g_i‖ only). k_svgd_field_finish: ONE work item sums the terms in the reference's order
// (α over states, h, |attraction|, |repulsion| over queries, state-major), each sum a separate double
// accumulator as there, so the statistics are bit-identical; O(B·P) sequential reads, no field arithmetic. The
// scratch is left as it is (RldtDeviceKernels marks it withScratch: check mode does not compare it).
// The lower median (the element at index (P' − 1)/2 of the sorted distances, Arrays.sort's order with NaN last)
// is found by stable rank counting, no sort: distances in a local array of RL_SVGD_LOCAL doubles when P' fits,
// else recomputed wherever used (identical values: the same loop), so any P' runs.

#define RL_SVGD_LOCAL 256
#define RL_SVGD_SCRATCH 12

// HostKernel.getDouble: the double put_double wrote at in[at..at+3)
DEV double rl_get_double(const float* in, long long at) {
  unsigned long long bits = ((unsigned long long) (int) in[at] << 42) | ((unsigned long long) (int) in[at + 1] << 21)
                         | (unsigned long long) (int) in[at + 2];
#if defined(__CUDACC__)
  return __longlong_as_double((long long) bits);
#else
  double v;
  memcpy(&v, &bits, 8);
  return v;
#endif
}

// Arrays.sort's order on doubles that are >= +0 or NaN: NaN after every number, NaNs equal
DEV int rl_dless(double x, double y) { return x < y || (x == x && y != y); }
DEV int rl_dsame(double x, double y) { return x == y || (x != x && y != y); }

// ‖x − y‖² over n floats, each difference in double (ReferenceTransportField.squaredDistance)
DEV double rl_sqdist(const float* x, const float* y, int n) {
  double s = 0;
  for (int d = 0; d < n; d++) {
    double diff = (double) x[d] - y[d];
    s += diff * diff;
  }
  return s;
}

// ‖x‖² over n floats in double (ReferenceTransportField.squaredNorm)
DEV double rl_sqnorm(const float* x, int n) {
  double s = 0;
  for (int d = 0; d < n; d++) s += (double) x[d] * x[d];
  return s;
}

// α of state b: SvgdOptions.temperature((1/P')·Σ_j ‖g_j‖)
DEV double rl_svgd_alpha(const Args* A, const float* gb, int npc, int nd) {
  double gradNormSum = 0;
  for (int j = 0; j < npc; j++) gradNormSum += sqrt(rl_sqnorm(gb + (long long) j * nd, nd));
  double meanGradNorm = gradNormSum / npc;
  double fixedT = A->p[3];
  if (fixedT == fixedT) return fixedT;
  return jmin_d(jmax_d(A->p[2] * meanGradNorm, 0.0), A->p[4]);
}

// φ of one query (written to phi when not null) and its h, |attraction|, |repulsion|
DEV void rl_svgd_query(const Args* A, const float* qi, const float* ab, const float* gb, int npc, int nd,
                       double alpha, float* phi, double* hOut, double* attrNorm, double* repNorm) {
  double local[RL_SVGD_LOCAL];
  int stored = npc <= RL_SVGD_LOCAL;
  if (stored) for (int j = 0; j < npc; j++) local[j] = rl_sqdist(qi, ab + (long long) j * nd, nd);
  double h;
  double fixedH = A->p[1];
  if (fixedH == fixedH) {
    h = fixedH;
  } else {
    int want = (npc - 1) / 2;
    double med = 0;
    for (int j = 0; j < npc; j++) {                       // the element of stable rank (P' − 1)/2
      double dj = stored ? local[j] : rl_sqdist(qi, ab + (long long) j * nd, nd);
      int rank = 0;
      for (int l = 0; l < npc; l++) {
        double dl = stored ? local[l] : rl_sqdist(qi, ab + (long long) l * nd, nd);
        rank += rl_dless(dl, dj) || (rl_dsame(dl, dj) && l < j);
      }
      if (rank == want) { med = dj; break; }
    }
    h = jmax_d(med / (2.0 * log(npc + 1.0)), A->p[5]);   // SvgdOptions.medianBandwidth
  }
  if (stored) for (int j = 0; j < npc; j++) local[j] = exp(-local[j] / (2 * h));   // distances -> kernel weights
  double attractionSq = 0, repulsionSq = 0;
  for (int d = 0; d < nd; d++) {
    double attraction = 0, repulsion = 0;
    double qd = qi[d];
    for (int j = 0; j < npc; j++) {                       // the reference's sums over j, one component at a time
      const float* aj = ab + (long long) j * nd;
      double k = stored ? local[j] : exp(-rl_sqdist(qi, aj, nd) / (2 * h));
      attraction += k * gb[(long long) j * nd + d];
      repulsion += alpha * k * (qd - aj[d]) / h;
    }
    attraction /= npc;
    repulsion /= npc;
    if (phi) phi[d] = (float) (attraction + repulsion);
    attractionSq += attraction * attraction;
    repulsionSq += repulsion * repulsion;
  }
  *hOut = h;
  *attrNorm = sqrt(attractionSq);
  *repNorm = sqrt(repulsionSq);
}

KERNEL(k_svgd_field) {
  const float* q = IN(0);
  const float* a = IN(1);
  const float* g = IN(2);
  float* scratch = IN(4);
  int delta = A->p[0] != 0;
  int np = DIM(0, 1), nd = DIM(0, 2);
  float* terms = scratch + i * RL_SVGD_SCRATCH;
  if (delta) {                                            // ReferenceTransportField.delta
    for (int d = 0; d < nd; d++) OUT[i * nd + d] = g[i * nd + d];
    put_double(terms, 6, sqrt(rl_sqnorm(g + i * nd, nd)));
    return;
  }
  int npc = DIM(1, 1);
  long long b = i / np;
  const float* ab = a + b * npc * nd;
  const float* gb = g + b * npc * nd;
  double alpha = rl_svgd_alpha(A, gb, npc, nd);
  double h, at, re;
  rl_svgd_query(A, q + i * nd, ab, gb, npc, nd, alpha, OUT + i * nd, &h, &at, &re);
  put_double(terms, 0, h);
  put_double(terms, 3, alpha);
  put_double(terms, 6, at);
  put_double(terms, 9, re);
}

// The statistics from the scratch, in the reference's order. One work item.
KERNEL(k_svgd_field_finish) {
  const float* g = IN(2);
  float* stats = IN(3);
  float* scratch = IN(4);
  int delta = A->p[0] != 0;
  int nb = DIM(0, 0), np = DIM(0, 1), nd = DIM(0, 2);
  long long nq = (long long) nb * np;
  if (delta) {
    double sum = 0;
    for (long long r = 0; r < nq; r++) sum += rl_get_double(scratch, r * RL_SVGD_SCRATCH + 6);
    put_double(stats, 0, 0.0);
    put_double(stats, 3, 0.0);
    put_double(stats, 6, nq == 0 ? 0.0 : sum / (double) (int) nq);
    put_double(stats, 9, 0.0);
  } else {
    int npc = DIM(1, 1);
    double sumH = 0, sumAlpha = 0, sumAttraction = 0, sumRepulsion = 0;
    for (long long b = 0; b < nb; b++) {
      // α of state b: from its first query's terms (P = 0: no query holds it, so computed here)
      sumAlpha += np > 0 ? rl_get_double(scratch, b * np * RL_SVGD_SCRATCH + 3)
                         : rl_svgd_alpha(A, g + b * npc * nd, npc, nd);
      for (long long r = 0; r < np; r++) {
        const float* terms = scratch + (b * np + r) * RL_SVGD_SCRATCH;
        sumH += rl_get_double(terms, 0);
        sumAttraction += rl_get_double(terms, 6);
        sumRepulsion += rl_get_double(terms, 9);
      }
    }
    put_double(stats, 0, nq == 0 ? 0.0 : sumH / (double) (int) nq);
    put_double(stats, 3, nb == 0 ? 0.0 : sumAlpha / (double) nb);
    put_double(stats, 6, nq == 0 ? 0.0 : sumAttraction / (double) (int) nq);
    put_double(stats, 9, nq == 0 ? 0.0 : sumRepulsion / (double) (int) nq);
  }
}

// ------------------------------------------------------------------ engine: Metrics.java

// sum_as_double (Metrics.SUM; in: x_0..x_{m−1}, any number (from the input table), any shapes; p = {start}):
// out [3] = putDouble(start + every element of every x in order, added one by one in double). A whole-tensor
// reduction in a fixed order: ONE work item (sequential: slow on a GPU for large tensors, but bit-identical to the
// Java loop).
KERNEL(k_sum_as_double) {
  double s = A->p[0];
  for (int m = 0; m < A->tables; m++) {
    const float* x = TIN(m);
    for (long long j = 0, n = TSIZE(m); j < n; j++) s += x[j];
  }
  put_double(OUT, 0, s);
}
