"""What the peers of jmh/compare-pytorch.sh share: the workload sizes, the timing loop, the reader of the Java
reference (io.rldt.jmh.PeerReference) and the numerical check against it. numpy only, so that the JAX peer does
not load torch and the other way round.

The reference is one safetensors file per workload (see PeerReference's javadoc for the tensor names): an 8-byte
little-endian header length N, N bytes of JSON {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}},
then the raw little-endian data. Linear weights are [out, in] (PyTorch's nn.Linear layout).

The check: for every tensor the peer computed, err = max|peer - java| / max|java| (the largest error relative to
the tensor's own scale -- per-element relative error is meaningless for elements that cancel to ~0, and adding 1
to the denominator would let tensors of scale 1e-4 pass with any value); a workload passes when its worst tensor
is within the workload's tolerance (TOLERANCE below, where each value is justified).
"""
import json
import math
import os
import struct
import sys
import time
from pathlib import Path

import numpy as np

OBS, ACT, CHUNK = 17, 6, 4
D = ACT * CHUNK                  # 24
B, P, K = 256, 8, 8
N = B * P                        # particles in an actor step
GEMM_SHAPES = ["64x256x256", "256x256x256", "1024x256x256", "256x57x512", "256x512x512", "256x41x256"]
SAC_OBS, SAC_ACT, SAC_BATCH, SAC_REPLAY = 17, 6, 256, 100_000

# Largest accepted error per workload, float32 on both sides (unit roundoff u = 6e-8). The sides sum in different
# orders (blocked GEMMs, tree reductions, fused kernels): a length-n float32 sum is off by ~sqrt(n)*u relative
# typically, n*u at worst. Measured on every peer (jmh/README.md, "Checks"): 2e-7 .. 1.5e-6 everywhere except the
# optimiser steps below; 1e-5 leaves ~10x headroom and stays far below what a mistake does: deliberate ones tried
# while this was written gave 0.97 (the depth and Fisher-time draws swapped), 2.6e-2 (the consistency weight 0.4
# instead of 0.5), 1.2e-2 (SAC's noise scaled by 1.001), a step error of 2.5 (a wrong Adam bias correction).
#   gemm_*, mlp_*, svgd_p8_d24   1e-5: K <= 512 products per dot, sums over 256 rows; the Java field sums in double
#                                (exp(-d2/2h) multiplies a relative error of d2 by d2/2h ~ log(P+1)).
#   actor_step, critic_step      1e-5 for the losses, gradients and intermediates (8 chained Euler steps, the field
#                                and 2048-particle sums measured 1.5e-6 at worst), STEP_TOLERANCE for after.* (see
#                                Check.compare_step for the metric).
#   sac_step                     1e-4: checked on losses and the parameters after two updates (no gradients exported);
#                                torch.compile's actor loss, a mean of alpha*log_pi - min Q with cancellation between
#                                the two terms, measured 1.5e-5.
TOLERANCE = {
    "gemm": 1e-5,
    "mlp_velocity": 1e-5,
    "mlp_critic": 1e-5,
    "svgd_p8_d24": 1e-5,
    "critic_step": 1e-5,
    "actor_step": 1e-5,
    "sac_step": 1e-4,
}
# Parameters after an Adam step, relative to the step (Check.compare_step): torch.compile's Adam computes the bias
# correction 1 - 0.999^t in float32 (eager PyTorch and Java in double, the JAX peer as -expm1(t log 0.999)):
# 9.99987e-4 at t = 1, -1.3e-5 relative, so its step is 6.4e-6 larger (measured 6.6e-6). 1e-4 leaves room for that
# and still shows any wrong learning rate, beta, eps or warm-up factor (errors >= 1e-2 of the step).
STEP_TOLERANCE = 1e-4
ADAM_EPS = 1e-8   # both sides' Adam/AdamW epsilon (PyTorch's default)


def tolerance(name, label=""):
    if label.startswith("after.") and name in ("actor_step", "critic_step"):
        return STEP_TOLERANCE
    return TOLERANCE["gemm"] if name.startswith("gemm_") else TOLERANCE[name]


# ----------------------------------------------------------------------------- safetensors

def read_safetensors(path):
    """-> (dict name -> float32 ndarray, metadata dict). Only F32, as PeerReference writes."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = memoryview(raw)[8 + n:]
    out = {}
    for name, e in header.items():
        if e["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {e['dtype']}, expected F32")
        b, end = e["data_offsets"]
        out[name] = np.frombuffer(data[b:end], dtype="<f4").reshape(e["shape"]).copy()
    return out, meta


class Reference:
    """One workload's reference file: tensors by name, metadata, and prefix views."""

    def __init__(self, directory, workload):
        path = Path(directory) / f"{workload}.safetensors"
        if not path.exists():
            raise FileNotFoundError(f"{path} missing: run java -cp jmh/target/benchmarks.jar io.rldt.jmh.PeerReference "
                                    f"--out {directory}")
        self.tensors, self.meta = read_safetensors(path)
        self.workload = workload

    def __getitem__(self, name):
        return self.tensors[name]

    def group(self, prefix):
        """{name without prefix: tensor} for every tensor under prefix (e.g. 'param.')."""
        return {k[len(prefix):]: v for k, v in self.tensors.items() if k.startswith(prefix)}


# ----------------------------------------------------------------------------- checking

def rel_err(got, want):
    """max|got - want| / max|want| (0 when both are all zeros)."""
    got = np.asarray(got, dtype=np.float64).reshape(np.shape(want))
    want = np.asarray(want, dtype=np.float64)
    scale = np.max(np.abs(want)) if want.size else 0.0
    diff = np.max(np.abs(got - want)) if want.size else 0.0
    if not np.all(np.isfinite(got)):
        return math.inf
    return diff / scale if scale > 0 else diff


class Check:
    """Collects the comparisons of one workload and reports them as one INFO line."""

    def __init__(self, name):
        self.name = name
        self.errors = {}
        self.masked, self.masked_of, self.masked_max = 0, 0, 0.0

    def compare(self, label, got, want):
        self.errors[label] = rel_err(got, want)

    def compare_step(self, prefix, got, want, before, grads):
        """Parameters after one Adam(W) step (or an EMA of such a step), compared as the step itself:
            err = max_i max(0, |p_peer - p_java| - ulp(p_java)) / max_i |p_java - p_before|
        over the elements whose step is well-conditioned. Why not max|p| as the scale: the first Adam step moves
        every element by about lr (2e-5/32 for the actor), far below the rounding of parameters of size 0.1, so an
        error in the optimiser would pass unseen. Why one ulp: storing p + step in float32 rounds on both sides.
        Why a mask: the first step is lr*g/(|g| + eps), whose relative sensitivity to g is eps*|dg|/g^2; with the
        gradients checked to |dg| <= tol*max|g|, elements with g^2 >= eps*max|g| have a step error <= tol, the
        others (|g| near 0 within rounding) are left out, counted (`adam_ill_conditioned`) and their worst error
        shown (`masked_max`, same units)."""
        missing = set(want) ^ set(got)
        if missing:
            raise AssertionError(f"{self.name}: {prefix} names differ from the reference: {sorted(missing)}")
        for k in want:
            w = np.asarray(want[k], dtype=np.float64)
            g = np.asarray(got[k], dtype=np.float64).reshape(w.shape)
            if not np.all(np.isfinite(g)):
                self.errors[prefix + k] = math.inf
                continue
            grad = np.abs(np.asarray(grads[k], dtype=np.float64))
            keep = grad * grad >= ADAM_EPS * grad.max()
            step = np.max(np.abs(w - np.asarray(before[k], dtype=np.float64)))
            excess = np.maximum(0.0, np.abs(g - w) - np.spacing(np.abs(w).astype(np.float32)))
            self.errors[prefix + k] = float(np.max(excess[keep], initial=0.0)) / step if step > 0 else 0.0
            self.masked_of += keep.size
            if not keep.all():
                self.masked += int((~keep).sum())
                self.masked_max = max(self.masked_max, float(np.max(excess[~keep])) / step if step > 0 else 0.0)

    def compare_all(self, prefix, got, want):
        """got, want: dicts by name (the same keys; a missing one is an error)."""
        missing = set(want) ^ set(got)
        if missing:
            raise AssertionError(f"{self.name}: {prefix} names differ from the reference: {sorted(missing)}")
        for k in want:
            self.compare(prefix + k, got[k], want[k])

    def worst(self):
        """The comparison with the largest error relative to its tolerance."""
        label = max(self.errors, key=lambda k: self.errors[k] / tolerance(self.name, k))
        return label, self.errors[label]

    def report(self, extra=""):
        """Prints `INFO check name=... max_rel_diff=... tol=... worst=...` (max_rel_diff over everything but the
        optimiser steps, step_diff for those); raises when any comparison is above its tolerance."""
        label, _ = self.worst()
        tol = tolerance(self.name, label)
        err = max((v for k, v in self.errors.items() if tolerance(self.name, k) == tolerance(self.name)), default=0.0)
        steps = {k: v for k, v in self.errors.items() if tolerance(self.name, k) != tolerance(self.name)}
        if steps:
            extra = f"step_diff={max(steps.values()):.3e} step_tol={STEP_TOLERANCE:.0e} {extra}".strip()
        groups = {}
        for k, v in self.errors.items():
            g = k.split(".")[0]
            groups[g] = max(groups.get(g, 0.0), v)
        detail = ",".join(f"{g}:{v:.1e}" for g, v in groups.items())
        if self.masked:
            extra = (f"adam_ill_conditioned={self.masked}/{self.masked_of} masked_max={self.masked_max:.1e} "
                     f"{extra}").strip()
        print(f"INFO check name={self.name} max_rel_diff={err:.3e} tol={tolerance(self.name):.0e} worst={label} "
              f"by_group={detail}{(' ' + extra) if extra else ''}", flush=True)
        if not self.errors[label] <= tol:
            raise CheckFailed(f"{self.name}: rel diff {self.errors[label]:.3e} at {label} exceeds {tol:.0e} "
                              f"(Java reference)")


class CheckFailed(AssertionError):
    pass


# ----------------------------------------------------------------------------- timing

def load():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "NA"


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def thread_ticks():
    """CPU time (clock ticks) of each thread of this process, from /proc/self/task/*/stat ({} where missing)."""
    out = {}
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[tid] = int(fields[11]) + int(fields[12])   # utime + stime
    except OSError:
        pass
    return out


def busy_threads(before, after, wall_s):
    """Threads that were on a CPU for at least 10% of the measurement: how many threads the framework really used
    (what the thread flags did), printed as threads_busy on the RESULT line."""
    hz = os.sysconf("SC_CLK_TCK")
    return sum(1 for t, v in after.items() if (v - before.get(t, 0)) >= 0.1 * wall_s * hz)


def time_it(name, fn, warmup, measure):
    """Warm-up for `warmup` s (and >= 3 calls), then >= 5 calls for `measure` s; prints the RESULT line.
    Returns the median in ms and the durations (s) of the warm-up calls (for the compile-time estimate)."""
    warm = []
    end = time.perf_counter() + warmup
    while len(warm) < 3 or time.perf_counter() < end:
        t0 = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t0)
    before, ticks = load(), thread_ticks()
    ms = []
    start = time.perf_counter()
    end = start + measure
    while len(ms) < 5 or (time.perf_counter() < end and len(ms) < 10000):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    busy = busy_threads(ticks, thread_ticks(), time.perf_counter() - start)
    after = load()
    med = median(ms)
    print(f"RESULT name={name} median_ms={med:.6f} n={len(ms)} load_before={before} load_after={after} "
          f"threads_busy={busy}", flush=True)
    return med, warm


def excess_seconds(calls, median_ms):
    """Time the first calls took beyond the steady-state median: the (re)compilations they triggered."""
    return sum(max(0.0, c - median_ms / 1e3) for c in calls)


def cli(description):
    """The peers' common command line."""
    import argparse
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--only", default=None, help="comma-separated workload name prefixes")
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--measure", type=float, default=3.0)
    ap.add_argument("--reference", default=None,
                    help="directory of io.rldt.jmh.PeerReference's files: start from the Java state and check "
                         "against it before timing (without it: own random init, no check)")
    return ap


def selected(name, only):
    return not only or any(name.startswith(o) for o in only.split(","))


def affinity():
    try:
        return ",".join(str(c) for c in sorted(os.sched_getaffinity(0)))
    except AttributeError:
        return "NA"


def fail(msg):
    print(f"ERROR {msg}", file=sys.stderr, flush=True)
    sys.exit(1)
