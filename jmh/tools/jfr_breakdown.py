#!/usr/bin/env python3
"""Splits JFR execution samples of a PeerTimings run by RLDT phase and by leaf kind.

    jfr print --events jdk.ExecutionSample --stack-depth 96 rec.jfr | jfr_breakdown.py

Phase = the first marker found walking each stack from the outermost frame (chains, critic gradient, field,
backward, optimizer, velocity forwards); kind = what the innermost project frame is (GEMM kernel, packing,
elementwise op, ...). Samples from the engine's worker threads (WorkerGang) are counted as their own phase.
"""
import re
import sys
from collections import Counter

PHASES = [
    ("FlowPolicy.sample", "chains: K Euler steps (no grad)"),
    ("CriticEnsemble.actionGradient", "critic gradient ∇ₐQ"),
    ("TransportField", "transport field"),
    ("Tape.backward", "backward"),
    ("Adam.step", "optimizer"),
    ("FlowPolicy.velocity", "velocity forwards (v_ref, x_k, x′)"),
    ("CriticEnsemble.step", "critic step"),
    ("MlpBench", "mlp fwd+bwd"),
]
KINDS = [
    ("SimdGemm.kernel", "GEMM micro-kernel"),
    ("SimdGemm.pack", "GEMM packing"),
    ("JvmBackend.matmul", "scalar matmul (fallback)"),
    ("SimdGemm", "GEMM other"),
    ("autodiff.ops.", "autodiff op bodies (elementwise, bias, concat...)"),
    ("SimdBackend", "SIMD elementwise/reduce"),
    ("VectorMathKernels", "SIMD transcendental"),
    ("JvmBackend", "scalar backend ops"),
    ("kernels.", "SVGD field kernel"),
    ("Tensor.zeros", "allocation"),
    ("io.rldt.", "other project code"),
]


def main():
    text = sys.stdin.read()
    phases, kinds, total = Counter(), Counter(), 0
    for block in text.split("jdk.ExecutionSample")[1:]:
        m = re.search(r"stackTrace = \[(.*?)\n\s*\]", block, re.S)
        if not m:
            continue
        frames = [f.strip() for f in m.group(1).strip().splitlines() if f.strip() and f.strip() != "..."]
        total += 1
        worker = re.search(r'sampledThread = "([^"]+)"', block)
        thread = worker.group(1) if worker else ""
        phase = "other"
        if thread.startswith("rldt-worker"):
            phase = "engine worker thread (split products, field, elementwise parts)"
        else:
            for frame in reversed(frames):  # outermost first
                hit = next((name for marker, name in PHASES if marker in frame), None)
                if hit:
                    phase = hit
                    break
        kind = "JDK / other"
        for frame in frames:  # innermost first
            hit = next((name for marker, name in KINDS if marker in frame), None)
            if hit:
                kind = hit
                break
        phases[phase] += 1
        kinds[kind] += 1
    print(f"{total} samples")
    for title, c in (("phase", phases), ("innermost project frame", kinds)):
        print(f"\n| {title} | samples | share |\n|---|---|---|")
        for k, v in c.most_common():
            print(f"| {k} | {v} | {100 * v / max(total, 1):.1f}% |")


if __name__ == "__main__":
    main()
