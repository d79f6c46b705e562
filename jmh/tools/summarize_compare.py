#!/usr/bin/env python3
"""Turns the raw lines of compare-pytorch.sh into the Java-vs-PyTorch table (markdown on stdout).

Input lines: "side=<java|torch|numpy> threads=<T> round=<R> RESULT name=<w> median_ms=<ms> n=<runs>
load_before=<l> load_after=<l>". Each cell is the median over rounds of the per-round medians.
Columns: FLOPs (matmul), Java and PyTorch ms, Java/PyTorch time ratio, speedup (PyTorch/Java), the
matmul-bound limit (FLOPs / best Java GEMM rate of the same thread count in the same run), Java/limit, and
the 1-minute load average range seen before/after those measurements.
"""
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import flops  # noqa: E402

ORDER = ["gemm_1024x256x256", "gemm_256x512x512", "gemm_256x256x256", "gemm_64x256x256", "gemm_256x57x512",
         "gemm_256x41x256", "mlp_velocity", "mlp_critic", "svgd_p8_d24", "actor_step", "critic_step",
         "sac_step"]


def parse(path):
    runs = defaultdict(list)   # (side, threads, name) -> [ms per round]
    loads = defaultdict(list)
    info = []
    for line in Path(path).read_text().splitlines():
        if "INFO" in line and line not in info:
            info.append(line)
        if "RESULT" not in line:
            continue
        kv = dict(tok.split("=", 1) for tok in line.replace("RESULT ", "").split() if "=" in tok)
        key = (kv["side"], int(kv["threads"]), kv["name"])
        runs[key].append(float(kv["median_ms"]))
        for lk in ("load_before", "load_after"):
            try:
                loads[key].append(float(kv[lk]))
            except ValueError:
                pass
    return runs, loads, info


def fmt(x, digits=3):
    if x is None:
        return "n/a"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def main():
    runs, loads, info = parse(sys.argv[1])
    med = {k: statistics.median(v) for k, v in runs.items()}
    threads = sorted({k[1] for k in med})
    out = ["Machine and versions:", ""] + [f"    {i}" for i in info] + [""]
    for t in threads:
        gemm_rates = [flops.workload_flops(n) / (ms * 1e-3) for (s, tt, n), ms in med.items()
                      if s == "java" and tt == t and n.startswith("gemm_")]
        best = max(gemm_rates) if gemm_rates else None
        rounds = max(len(v) for k, v in runs.items() if k[1] == t)
        out.append(f"\n**{t} thread{'s' if t > 1 else ''}** (median of {rounds} interleaved rounds; best Java GEMM "
                   f"rate {fmt(best / 1e9 if best else None)} GFLOP/s)\n")
        out.append("| workload | matmul GFLOP | Java ms | PyTorch ms | Java/PyTorch | speedup | Java GFLOP/s "
                   "| matmul-bound limit ms | Java/limit | load 1-min |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for name in ORDER:
            j, p = med.get(("java", t, name)), med.get(("torch", t, name))
            if j is None and p is None:
                continue
            f = flops.workload_flops(name)
            ls = loads.get(("java", t, name), []) + loads.get(("torch", t, name), [])
            limit = f / best * 1e3 if f and best else None
            out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                name, fmt(f / 1e9) if f else "n/a", fmt(j), fmt(p),
                fmt(j / p) if j and p else "n/a", (fmt(p / j) + "×") if j and p else "n/a",
                fmt(f / (j * 1e-3) / 1e9) if f and j else "n/a",
                fmt(limit) if limit and not name.startswith("gemm") else "—",
                fmt(j / limit) if limit and j and not name.startswith("gemm") else "—",
                f"{min(ls):.2f}–{max(ls):.2f}" if ls else "n/a"))
        nj, nn = med.get(("java", t, "gemm_1024x256x256")), med.get(("numpy", t, "numpy_gemm_1024x256x256"))
        if nn:
            ls = loads.get(("numpy", t, "numpy_gemm_1024x256x256"), [])
            out.append("| numpy (OpenBLAS) gemm 1024x256x256 | {} | {} | {} | {} | {} | {} | — | — | {} |".format(
                fmt(flops.gemm_flops("1024x256x256") / 1e9), fmt(nj), fmt(nn),
                fmt(nj / nn) if nj else "n/a", (fmt(nn / nj) + "×") if nj else "n/a",
                fmt(flops.gemm_flops("1024x256x256") / (nn * 1e-3) / 1e9) + " (numpy)",
                f"{min(ls):.2f}–{max(ls):.2f}" if ls else "n/a"))
    out.append("\nTargets (issue 6):\n")
    for t in threads:
        nj, nn = med.get(("java", t, "gemm_1024x256x256")), med.get(("numpy", t, "numpy_gemm_1024x256x256"))
        if nj and nn:
            r = nn / nj
            out.append(f"- {t}T GEMM 1024x256x256 ≥ 90% of numpy: {100 * r:.0f}% → {'MET' if r >= 0.9 else 'MISSED'}")
        gemm_rates = [flops.workload_flops(n) / (ms * 1e-3) for (s, tt, n), ms in med.items()
                      if s == "java" and tt == t and n.startswith("gemm_")]
        best = max(gemm_rates) if gemm_rates else None
        for name in ("mlp_velocity", "mlp_critic", "actor_step", "critic_step"):
            j, p = med.get(("java", t, name)), med.get(("torch", t, name))
            if not (j and p and best):
                continue
            s, lim = p / j, j / (flops.FLOPS[name] / best * 1e3)
            ok = s >= 1.5 and lim <= 1.5
            out.append(f"- {t}T {name}: {s:.2f}× PyTorch (≥ 1.5×: {'yes' if s >= 1.5 else 'no'}), "
                       f"{lim:.2f}× the matmul-bound limit (≤ 1.5×: {'yes' if lim <= 1.5 else 'no'}) → "
                       f"{'MET' if ok else 'MISSED'}")
        j, p = med.get(("java", t, "svgd_p8_d24")), med.get(("torch", t, "svgd_p8_d24"))
        if j and p:
            out.append(f"- {t}T SVGD field ≥ 5× batched PyTorch: {p / j:.2f}× → {'MET' if p / j >= 5 else 'MISSED'}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
