// Device versions of the autodiff module's named kernels (AutodiffDeviceKernels.java lists them).
//
// Each kernel repeats its Java body's arithmetic: the same operations in the same order, float where Java
// computes in float and double where Java widens (a float operand of a double expression is widened first, the
// result rounded once). Where the host body calls FastMath / ActivationKernels, whose SIMD path evaluates exp
// with a polynomial, the plain (non-vector) path's formula is used here: the two agree within a few float ulps.
// Unless a comment says otherwise, a kernel runs one work item per output element (DeviceKernel.perElement).

// ------------------------------------------------------------------ helpers (the Java library functions used)

// Math.signum(double): ±1, or the argument itself for ±0 and NaN
DEV double ad_signum(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); }

// Math.pow(double, double): C's pow differs from Java's on a NaN exponent and on |x| = 1 with y = ±∞
DEV double ad_pow(double x, double y) {
  if (y != y) return y;
  if (y == 0.0) return 1.0;
  if (fabs(x) == 1.0 && isinf(y)) return y - y;         // NaN
  return pow(x, y);
}

// Stable.sigmoid (autodiff ops): 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) otherwise (NaN -> NaN)
DEV double ad_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + exp(-x));
  double e = exp(x);
  return e / (1.0 + e);
}

// Stable.log1pSmall: log(1 + e) for e in [0, 1], a 3-term series below 1e-4
DEV double ad_log1p_small(double e) {
  return e < 1e-4 ? e - e * e * 0.5 + e * e * e / 3 : log(1 + e);
}

// Stable.softplus: max(x, 0) + log1pSmall(e^−|x|)
DEV double ad_softplus(double x) { return jmax_d(x, 0.0) + ad_log1p_small(exp(-fabs(x))); }

// FastMath.softplus (Mish's plain path): max(x, 0) + log1p(e^−|x|)
DEV double ad_softplus_fast(double x) { return jmax_d(x, 0.0) + log1p(exp(-fabs(x))); }

#define AD_LOG2 0.6931471805599453           // Stable.LOG2 = Math.log(2.0), 0x1.62e42fefa39efp-1
#define AD_HALF_LOG_2PI 0.9189385332046727   // GaussianLogProb.HALF_LOG_2PI = 0.5·Math.log(2π), 0x1.d67f1c864beb4p-1

// ------------------------------------------------------------------ elementwise ops (ops/*.java, class Elementwise)
// Forward kernels take in: x; the *_grad kernels take in: x, y, g (the forward's input and output and the
// upstream gradient) unless noted. All per element, in double, rounded once to float.

// relu (Relu.FORWARD, ActivationKernels.relu; in: x): y = x > 0 ? x : 0 (NaN and −0 give +0)
KERNEL(k_relu) { float v = IN(0)[i]; OUT[i] = v > 0.0f ? v : 0.0f; }

// relu_grad (Relu.GRAD, ActivationKernels.reluGrad; in: y (or x: same mask), g): dx = y > 0 ? g : 0
KERNEL(k_relu_grad) { OUT[i] = IN(0)[i] > 0.0f ? IN(1)[i] : 0.0f; }

// abs (Abs.FORWARD): y = |x|
KERNEL(k_abs) { OUT[i] = (float) fabs((double) IN(0)[i]); }

// abs_grad (Abs.GRAD): dx = g·signum(x)  (0 at x = 0)
KERNEL(k_abs_grad) { OUT[i] = (float) ((double) IN(2)[i] * ad_signum((double) IN(0)[i])); }

// neg (Neg.FORWARD): y = −x
KERNEL(k_neg) { OUT[i] = (float) (-(double) IN(0)[i]); }

// neg_grad (Neg.GRAD): dx = −g
KERNEL(k_neg_grad) { OUT[i] = (float) (-(double) IN(2)[i]); }

// exp (Exp.FORWARD): y = e^x
KERNEL(k_exp) { OUT[i] = (float) exp((double) IN(0)[i]); }

// exp_grad (Exp.GRAD): dx = g·y
KERNEL(k_exp_grad) { OUT[i] = (float) ((double) IN(2)[i] * (double) IN(1)[i]); }

// log (Log.FORWARD): y = log x
KERNEL(k_log) { OUT[i] = (float) log((double) IN(0)[i]); }

// log_grad (Log.GRAD): dx = g / x
KERNEL(k_log_grad) { OUT[i] = (float) ((double) IN(2)[i] / (double) IN(0)[i]); }

// sin (Sin.FORWARD): y = sin x
KERNEL(k_sin) { OUT[i] = (float) sin((double) IN(0)[i]); }

// sin_grad (Sin.GRAD): dx = g·cos x
KERNEL(k_sin_grad) { OUT[i] = (float) ((double) IN(2)[i] * cos((double) IN(0)[i])); }

// cos (Cos.FORWARD): y = cos x
KERNEL(k_cos) { OUT[i] = (float) cos((double) IN(0)[i]); }

// cos_grad (Cos.GRAD): dx = (−g)·sin x
KERNEL(k_cos_grad) { OUT[i] = (float) (-(double) IN(2)[i] * sin((double) IN(0)[i])); }

// sqrt (Sqrt.FORWARD): y = √x
KERNEL(k_sqrt) { OUT[i] = (float) sqrt((double) IN(0)[i]); }

// sqrt_grad (Sqrt.GRAD): dx = g / (2·y)
KERNEL(k_sqrt_grad) { OUT[i] = (float) ((double) IN(2)[i] / (2 * (double) IN(1)[i])); }

// square (Square.FORWARD): y = x·x
KERNEL(k_square) { double x = IN(0)[i]; OUT[i] = (float) (x * x); }

// square_grad (Square.GRAD): dx = (2·g)·x
KERNEL(k_square_grad) { OUT[i] = (float) (2 * (double) IN(2)[i] * (double) IN(0)[i]); }

// tanh (Tanh.FORWARD): y = tanh x
KERNEL(k_tanh) { OUT[i] = (float) tanh((double) IN(0)[i]); }

// tanh_grad (Tanh.GRAD): dx = g·(1 − y·y)
KERNEL(k_tanh_grad) { double y = IN(1)[i]; OUT[i] = (float) ((double) IN(2)[i] * (1 - y * y)); }

// sigmoid (Sigmoid.FORWARD): y = Stable.sigmoid(x)
KERNEL(k_sigmoid) { OUT[i] = (float) ad_sigmoid((double) IN(0)[i]); }

// sigmoid_grad (Sigmoid.GRAD): dx = (g·y)·(1 − y)
KERNEL(k_sigmoid_grad) { double y = IN(1)[i]; OUT[i] = (float) ((double) IN(2)[i] * y * (1 - y)); }

// softplus (Softplus.FORWARD): y = Stable.softplus(x) = max(x, 0) + log1pSmall(e^−|x|)
KERNEL(k_softplus) { OUT[i] = (float) ad_softplus((double) IN(0)[i]); }

// softplus_grad (Softplus.GRAD): dx = g·Stable.sigmoid(x)
KERNEL(k_softplus_grad) { OUT[i] = (float) ((double) IN(2)[i] * ad_sigmoid((double) IN(0)[i])); }

// log1mTanhSq (Log1mTanhSq.FORWARD): y = 2·((log 2 − x) − softplus(−2·x)) = log(1 − tanh²x)
KERNEL(k_log1mTanhSq) {
  double x = IN(0)[i];
  OUT[i] = (float) (2 * (AD_LOG2 - x - ad_softplus(-2 * x)));
}

// log1mTanhSq_grad (Log1mTanhSq.GRAD): dx = (−2·g)·tanh x
KERNEL(k_log1mTanhSq_grad) { OUT[i] = (float) (-2 * (double) IN(2)[i] * tanh((double) IN(0)[i])); }

// pow (PowConst.FORWARD; in: x; p = {exponent}): y = Math.pow(x, p)
KERNEL(k_pow) { OUT[i] = (float) ad_pow((double) IN(0)[i], A->p[0]); }

// pow_grad (PowConst.GRAD; in: x, g; p = {exponent}): dx = (g·p)·Math.pow(x, p − 1)
KERNEL(k_pow_grad) {
  double p = A->p[0];
  OUT[i] = (float) ((double) IN(1)[i] * p * ad_pow((double) IN(0)[i], p - 1));
}

// scale (Scale.FORWARD; in: x; p = {s, c}): y = s·x + c in float
KERNEL(k_scale) {
  float s = (float) A->p[0], c = (float) A->p[1];
  OUT[i] = s * IN(0)[i] + c;
}

// scale_grad (Scale.GRAD; in: g; p = {s}): dx = s·g in float
KERNEL(k_scale_grad) { float s = (float) A->p[0]; OUT[i] = s * IN(0)[i]; }

// clamp (Clamp.FORWARD; in: x; p = {lo, hi}): y = Math.min(Math.max(x, lo), hi) in float
KERNEL(k_clamp) {
  float lo = (float) A->p[0], hi = (float) A->p[1];
  OUT[i] = jmin(jmax(IN(0)[i], lo), hi);
}

// clamp_grad (Clamp.GRAD; in: x, g; p = {lo, hi}): dx = lo ≤ x ≤ hi ? g : 0
KERNEL(k_clamp_grad) {
  float lo = (float) A->p[0], hi = (float) A->p[1], x = IN(0)[i];
  OUT[i] = x >= lo && x <= hi ? IN(1)[i] : 0.0f;
}

// mish (Mish.FORWARD, FastMath.mish's plain path; in: x): y = x·tanh(softplus(x)) in double
KERNEL(k_mish) {
  double x = IN(0)[i];
  OUT[i] = (float) (x * tanh(ad_softplus_fast(x)));
}

// mish_grad (Mish.GRAD, FastMath.mishGrad's plain path; in: x, g): with t = tanh(softplus(x)), σ = 1/(1 + e^−x),
// dx = g·(t + x·σ·(1 − t·t)) in double
KERNEL(k_mish_grad) {
  double v = IN(0)[i], t = tanh(ad_softplus_fast(v)), sig = 1 / (1 + exp(-v));
  OUT[i] = (float) ((double) IN(1)[i] * (t + v * sig * (1 - t * t)));
}

// sigmoid_fast (Silu.SIGMOID, FastMath.sigmoid's plain path; in: x): σ = sigmoid1(x)
KERNEL(k_sigmoid_fast) { OUT[i] = sigmoid1(IN(0)[i]); }

// mul_fast (Silu.MUL, ActivationKernels.mul; in: x, σ, which may be the output): y = x·σ in float
KERNEL(k_mul_fast) { OUT[i] = IN(0)[i] * IN(1)[i]; }

// silu_grad (Silu.GRAD, ActivationKernels.siluGrad; in: x, σ, g): dx = (g·σ)·(1 + x·(1 − σ)) in float
KERNEL(k_silu_grad) {
  float s = IN(1)[i];
  OUT[i] = IN(2)[i] * s * (1 + IN(0)[i] * (1 - s));
}

// extremum_grad (Extremum.GRAD, Maximum/Minimum backward; out: da; in: wins, ties, g, db (written)):
// w = wins + 0.5·ties, da = g·w, db = g·(1 − w), in float
KERNEL(k_extremum_grad) {
  float w = IN(0)[i] + 0.5f * IN(1)[i], g = IN(2)[i];
  OUT[i] = g * w;
  IN(3)[i] = g * (1.0f - w);
}

// ------------------------------------------------------------------ bias and activation (BiasAdd, LinearAct)

// bias_add_rows (BiasAdd.FORWARD, ActivationKernels.biasAdd; in: x [..., n], b [n]): y = x + b[j], float
KERNEL(k_bias_add_rows) {
  long long n = A->size[2];
  OUT[i] = IN(0)[i] + IN(1)[i % n];
}

// column_sums_rows (BiasAdd.GRAD, ActivationKernels.columnSums; out: db [n]; in: g [..., n]):
// db[j] = Σ_r g[r, j] in float, rows in order. One work item per column.
KERNEL(k_column_sums_rows) {
  long long n = A->size[0], rows = A->size[1] / n;
  const float* g = IN(0);
  float s = 0.0f;
  for (long long r = 0; r < rows; r++) s += g[r * n + i];
  OUT[i] = s;
}

// bias_add (LinearAct.BIAS_ADD, ActivationKernels.biasAdd; out z [rows, cols], in place; in: z, b [cols]):
// z = z + b[j] in float
KERNEL(k_bias_add) { OUT[i] = IN(0)[i] + IN(1)[i % ODIM(1)]; }

// bias_relu (LinearAct.BIAS_RELU, ActivationKernels.biasRelu; out z [rows, cols], in place; in: z, b [cols]):
// v = z + b[j] in float, z = v > 0 ? v : 0
KERNEL(k_bias_relu) {
  float v = IN(0)[i] + IN(1)[i % ODIM(1)];
  OUT[i] = v > 0.0f ? v : 0.0f;
}

// bias_silu (LinearAct.BIAS_SILU, ActivationKernels.biasSilu; out y [rows, cols]; in: z [rows, cols], b [cols] or
// null, σ [rows, cols] or null): v = z + b[j] (z without b) in float, s = σ(v) (sigmoid1), y = v·s; when σ is
// given (recording) z becomes the pre-activation v and σ holds s.
KERNEL(k_bias_silu) {
  float* z = IN(0);
  const float* b = IN(1);
  float* sig = IN(2);
  float v = b ? z[i] + b[i % ODIM(1)] : z[i];
  float s = sigmoid1(v);
  if (sig) {
    z[i] = v;
    sig[i] = s;
  }
  OUT[i] = v * s;
}

// column_sums (LinearAct.COLUMN_SUMS, ActivationKernels.columnSums; out: db [cols]; in: dpre [rows, cols]):
// db[j] = Σ_r dpre[r, j] in float, rows in order. One work item per column.
KERNEL(k_column_sums) {
  long long cols = A->size[0], rows = A->size[1] / (cols > 1 ? cols : 1);
  const float* g = IN(0);
  float s = 0.0f;
  for (long long r = 0; r < rows; r++) s += g[r * cols + i];
  OUT[i] = s;
}

// ------------------------------------------------------------------ layer norm (ops/LayerNorm.java)

// layer_norm (LayerNorm.FORWARD; out: y [N, C]; in: x [N, C], γ [C] or null, β [C] or null, x̂ [N, C] (written),
// rstd [N] (written); p = {eps}). One work item per row, in double like the Java body:
// μ = Σ x / C, σ² = Σ (x − μ)² / C, rstd = 1/√(σ² + eps), x̂ = (x − μ)·rstd, y = γ·x̂ + β (y = x̂ without γ).
KERNEL(k_layer_norm) {
  const float* x = IN(0);
  const float* gam = IN(1);
  const float* bet = IN(2);
  float* hd = IN(3);
  float* rstd = IN(4);
  long long rows = A->size[5];
  int c = (int) (A->size[1] / rows);
  float eps = (float) A->p[0];
  long long o = i * c;
  double mu = 0, var = 0;
  for (int j = 0; j < c; j++) mu += x[o + j];
  mu /= c;
  for (int j = 0; j < c; j++) var += (x[o + j] - mu) * (x[o + j] - mu);
  double rs = 1.0 / sqrt(var / c + eps);
  rstd[i] = (float) rs;
  for (int j = 0; j < c; j++) {
    double h = (x[o + j] - mu) * rs;
    hd[o + j] = (float) h;
    OUT[o + j] = (float) (gam ? gam[j] * h + bet[j] : h);
  }
}

// layer_norm_grad (LayerNorm.GRAD; out: dx [N, C] or null; in: g [N, C], x̂, γ or null, rstd [N], dγ [C] or null
// (accumulated), dβ [C] or null (accumulated)). Work items 0..N−1 are rows (dx, in double like the Java body):
// dĥ = g·γ (float product), m1 = Σ dĥ / C, m2 = Σ dĥ·x̂ / C, dx = rstd·(dĥ − m1 − x̂·m2);
// work items N..N+C−1 are columns j (the Java body adds into dγ and dβ row by row; here one item per column adds
// the rows in the same order): dγ[j] += g·x̂, dβ[j] += g, in float.
KERNEL(k_layer_norm_grad) {
  const float* g = IN(0);
  const float* hd = IN(1);
  const float* gam = IN(2);
  const float* rstd = IN(3);
  float* dg = IN(4);
  float* db = IN(5);
  long long rows = A->size[4];
  int c = (int) (A->size[1] / rows);
  if (i < rows) {
    if (!OUT) return;
    long long o = i * c;
    double m1 = 0, m2 = 0;
    for (int j = 0; j < c; j++) {
      double dh = g[o + j] * (gam ? gam[j] : 1.0f);
      m1 += dh;
      m2 += dh * hd[o + j];
    }
    m1 /= c;
    m2 /= c;
    for (int j = 0; j < c; j++) {
      double dh = g[o + j] * (gam ? gam[j] : 1.0f);
      OUT[o + j] = (float) (rstd[i] * (dh - m1 - hd[o + j] * m2));
    }
  } else {
    long long j = i - rows;
    if (dg) {
      float s = dg[j];
      for (long long r = 0; r < rows; r++) s += g[r * c + j] * hd[r * c + j];
      dg[j] = s;
    }
    if (db) {
      float s = db[j];
      for (long long r = 0; r < rows; r++) s += g[r * c + j];
      db[j] = s;
    }
  }
}

// ------------------------------------------------------------------ losses (ops/Mse.java, ops/GaussianLogProb.java)

// mse (Mse.FORWARD; out: y []; in: pred, target): y = Σ d² / n with d = pred − target (a float difference),
// summed in double. A whole-tensor reduction in one sequential loop: ONE work item does it in the Java order
// (slow on a GPU, but bit-for-bit the host's sum).
KERNEL(k_mse) {
  (void) i;
  const float* pd = IN(0);
  const float* td = IN(1);
  long long n = A->size[1];
  double s = 0;
  for (long long k = 0; k < n; k++) {
    float d32 = pd[k] - td[k];
    double d = d32;
    s += d * d;
  }
  OUT[0] = (float) (s / (double) (int) n);
}

// mse_grad (Mse.GRAD; out: dp; in: pred, target, g [], dt (written)): k = 2·g / n in double,
// dp = k·(pred − target) (a float difference), dt = −dp
KERNEL(k_mse_grad) {
  long long n = A->size[1];
  double k = 2.0 * (double) IN(2)[0] / (double) (int) n;
  float d32 = IN(0)[i] - IN(1)[i];
  float a = (float) (k * d32);
  OUT[i] = a;
  IN(3)[i] = -a;
}

// gaussian_log_prob_terms (GaussianLogProb.TERMS; out: term; in: z, logσ): term = −½·z·z − logσ − ½·log 2π,
// in double
KERNEL(k_gaussian_log_prob_terms) {
  double z = IN(0)[i];
  OUT[i] = (float) (-0.5 * z * z - (double) IN(1)[i] - AD_HALF_LOG_2PI);
}

// gaussian_log_prob_grad (GaussianLogProb.GRAD; out: dμ; in: g (expanded), z, 1/σ, dx (written), dlogσ (written)):
// dμ = g·z·(1/σ), dx = −dμ, dlogσ = g·(z·z − 1), in float
KERNEL(k_gaussian_log_prob_grad) {
  float g = IN(0)[i], z = IN(1)[i];
  float mu = g * z * IN(2)[i];
  OUT[i] = mu;
  IN(3)[i] = -mu;
  IN(4)[i] = g * (z * z - 1.0f);
}

// ------------------------------------------------------------------ optimisers (optim/Adam.java, optim/Ema.java)

// adam_step (Adam.STEP; out: the parameter p, updated in place; in: g, m (in place), v (in place);
// p = {stepSize, β1, β2, ε, √(1 − β2ᵗ), 1 − β1, 1 − β2, 1 − lr·λ, λ, L2?, decoupled?}). In float, PyTorch's order:
// p ·= decay (AdamW); g' = g + λ·p (L2); m = m·β1 + (1 − β1)·g'; v = v·β2 + (1 − β2)·g'·g';
// denom = (float) √v / √(1 − β2ᵗ) + ε; p += (−stepSize·m) / denom. One work item per element of m.
KERNEL(k_adam_step) {
  float* p = OUT;
  const float* gd = IN(0);
  float* md = IN(1);
  float* vd = IN(2);
  float stepSize = (float) A->p[0], b1 = (float) A->p[1], b2 = (float) A->p[2], e = (float) A->p[3];
  float c2 = (float) A->p[4], omb1 = (float) A->p[5], omb2 = (float) A->p[6], decay = (float) A->p[7];
  float wd = (float) A->p[8];
  int l2 = A->p[9] != 0, dw = A->p[10] != 0;
  if (dw) p[i] *= decay;
  float gi = l2 ? gd[i] + wd * p[i] : gd[i];
  md[i] = md[i] * b1 + omb1 * gi;
  vd[i] = vd[i] * b2 + omb2 * gi * gi;
  float denom = (float) sqrt((double) vd[i]) / c2 + e;
  p[i] += (-stepSize * md[i]) / denom;
}

// clip_grad_norm (Adam.CLIP; out: the norm [3] (put_double); in: every gradient, each scaled in place, read from
// the argument block's table (DeviceKernel.withTable: a network has any number of parameters); p = {maxNorm}):
// norm = √(Σ g²) summed in double over the gradients in order; when norm > maxNorm every g is multiplied by the
// float c = maxNorm / (norm + 1e-6). A whole-tensor reduction in one sequential loop: ONE work item does it in the
// Java order (slow on a GPU, but bit-for-bit the host's norm).
KERNEL(k_clip_grad_norm) {
  (void) i;
  double ss = 0;
  for (int k = 0; k < A->tables; k++) {
    const float* gd = TIN(k);
    if (!gd) continue;
    for (long long j = 0, n = TSIZE(k); j < n; j++) ss += (double) gd[j] * gd[j];
  }
  double norm = sqrt(ss);
  if (norm > A->p[0]) {
    float c = (float) (A->p[0] / (norm + 1e-6));
    for (int k = 0; k < A->tables; k++) {
      float* gd = TIN(k);
      if (!gd) continue;
      for (long long j = 0, n = TSIZE(k); j < n; j++) gd[j] *= c;
    }
  }
  put_double(OUT, 0, norm);
}

// ema_update (Ema.UPDATE; out: the target, updated in place; in: online; p = {m_t, m_o}):
// target = m_t·target + m_o·online in float
KERNEL(k_ema_update) {
  float mt = (float) A->p[0], mo = (float) A->p[1];
  OUT[i] = mt * OUT[i] + mo * IN(0)[i];
}

// ------------------------------------------------------------------ F.java

// sinusoidal_frequencies (F.FREQUENCIES; out: f [1, half]; no inputs; p = {step}): f_i = e^(−i·step) in double
KERNEL(k_sinusoidal_frequencies) { OUT[i] = (float) exp((double) (-(int) i) * A->p[0]); }
