#!/usr/bin/env python3
"""Prints the JMH results (one or more -rf json files) as markdown tables, with derived columns:
GEMM GFLOP/s; for the MLP and RLDT step benchmarks the matmul FLOPs, achieved GFLOP/s and the matmul-bound
limit (FLOPs / the best jvm-simd GEMM rate of the same thread count in these results); env steps/s.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import flops  # noqa: E402


def load(paths):
    rows = []
    for p in paths:
        for r in json.loads(Path(p).read_text() or "[]"):
            rows.append(r)
    return rows


def ms(r):
    """Score in milliseconds per op (avgt) or from ops/s (thrpt)."""
    s, unit = r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"]
    return {"ms/op": s, "us/op": s / 1e3, "s/op": s * 1e3, "ops/s": 1e3 / s if s else float("inf")}[unit]


def err(r):
    e = r["primaryMetric"]["scoreError"]
    return "" if e != e else f" ± {e:.3g}"  # NaN check


def main():
    rows = load(sys.argv[1:])
    by = {}
    for r in rows:
        by.setdefault(r["benchmark"].split(".")[-2], []).append(r)
    best = {}
    for r in by.get("GemmBench", []):
        p = r["params"]
        if p["backend"].startswith("jvm-simd-"):
            t = int(p["backend"].split("-")[-1])
            rate = flops.gemm_flops(p["shape"]) / (ms(r) * 1e-3)
            best[t] = max(best.get(t, 0), rate)
    out = []
    if "GemmBench" in by:
        out += ["### GemmBench (out = a·b, preallocated)", "",
                "| shape MxKxN | backend | ops/s | GFLOP/s |", "|---|---|---|---|"]
        for r in sorted(by["GemmBench"], key=lambda r: (r["params"]["shape"], r["params"]["backend"])):
            p = r["params"]
            out.append(f"| {p['shape']} | {p['backend']} | {r['primaryMetric']['score']:.1f}{err(r)} | "
                       f"{flops.gemm_flops(p['shape']) / (ms(r) * 1e-3) / 1e9:.1f} |")
        out.append("")
    for cls, keyf, label in (("MlpBench", lambda p: "mlp_" + p["net"], "net"),
                             ("RldtStepBench", None, "step"),
                             ("SacStepBench", lambda p: "sac_step", "op (2 env steps)")):
        if cls not in by:
            continue
        out += [f"### {cls}", "", f"| {label} | threads | ms/op | matmul GFLOP | GFLOP/s | matmul-bound limit ms "
                "| ms / limit |", "|---|---|---|---|---|---|---|"]
        for r in sorted(by[cls], key=lambda r: (r["benchmark"], r["params"].get("net", ""), r["params"]["threads"])):
            p = r["params"]
            name = keyf(p) if keyf else r["benchmark"].split(".")[-1] + "_step"
            t = int(p["threads"])
            f = flops.FLOPS[name]
            lim = f / best[t] * 1e3 if t in best else None
            out.append(f"| {name} | {t} | {ms(r):.3f}{err(r)} | {f / 1e9:.3f} | {f / (ms(r) * 1e-3) / 1e9:.1f} | "
                       f"{'%.3f' % lim if lim else 'n/a'} | {'%.2f' % (ms(r) / lim) if lim else 'n/a'} |")
        out.append("")
    if "SvgdBench" in by:
        out += ["### SvgdBench (B = 256)", "", "| P | D | impl | threads | µs/op |", "|---|---|---|---|---|"]
        for r in sorted(by["SvgdBench"], key=lambda r: (int(r["params"]["particles"]), int(r["params"]["dim"]),
                                                         r["params"]["impl"], r["params"]["threads"])):
            p = r["params"]
            out.append(f"| {p['particles']} | {p['dim']} | {p['impl']} | {p['threads']} | "
                       f"{ms(r) * 1e3:.1f}{err(r)} |")
        out.append("")
    if "EnvStepBench" in by:
        out += ["### EnvStepBench (env steps/s; vector8 = 8 envs on a pool of 2 threads)", "",
                "| env | single | vector8 | single × frame skip = mj_step/s |", "|---|---|---|---|"]
        envs = {}
        for r in by["EnvStepBench"]:
            envs.setdefault(r["params"]["env"], {})[r["params"]["mode"]] = r["primaryMetric"]["score"]
        for e, m in envs.items():
            skip = {"Hopper-v4": 4, "Walker2d-v4": 4, "HalfCheetah-v4": 5}.get(e)
            mj = f"{m['single'] * skip:,.0f}" if skip and "single" in m else "—"
            out.append(f"| {e} | {m.get('single', float('nan')):,.0f} | {m.get('vector8', float('nan')):,.0f} | {mj} |")
        out.append("")
    if best:
        out.append("Best jvm-simd GEMM rate (the matmul-bound limit's denominator): "
                   + ", ".join(f"{t} thread(s) {b / 1e9:.1f} GFLOP/s" for t, b in sorted(best.items())))
    print("\n".join(out))


if __name__ == "__main__":
    main()
