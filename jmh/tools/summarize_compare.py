#!/usr/bin/env python3
"""Turns the raw lines of compare-pytorch.sh into the Java-vs-peers tables (markdown on stdout).

Input lines: "side=<java|torch|compile|jax|numpy> threads=<T> round=<R> RESULT name=<w> median_ms=<ms> n=<runs>
load_before=<l> load_after=<l> [threads_busy=<n>]", the peers' "... INFO check name=<w> max_rel_diff=<e> ..." and
"... INFO compile name=<w> seconds=<s> [check_seconds=<s>]" lines, and global "INFO ..." lines.

Per thread count, one row per workload: FLOPs (matmul), the median over rounds of the per-round medians of Java and
of each peer (PyTorch eager, torch.compile, JAX jit), the fastest peer and Java / fastest peer (time ratio: < 1 means
Java is faster), Java's GFLOP/s, the matmul-bound limit (FLOPs / best Java GEMM rate of the same thread count in
the same run), Java/limit and the 1-minute load average range seen around those measurements. Then the numerical
checks (worst max_rel_diff over the runs, per peer) and the compile times (excluded from the timings), and the
issue 6 targets (defined against PyTorch eager).
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
PEERS = [("torch", "PyTorch eager"), ("compile", "torch.compile"), ("jax", "JAX jit")]


def kv(line):
    return dict(tok.split("=", 1) for tok in line.replace("RESULT ", "").replace("INFO ", "").split() if "=" in tok)


def parse(path):
    runs = defaultdict(list)      # (side, threads, name) -> [ms per round]
    loads = defaultdict(list)
    busy = defaultdict(list)
    checks = defaultdict(list)    # (side, name) -> [(max_rel_diff, step_diff or None)]
    compiles = defaultdict(list)  # (side, threads, name) -> [seconds]
    info, versions = [], {}
    for line in Path(path).read_text().splitlines():
        if "RESULT" in line:
            d = kv(line)
            key = (d["side"], int(d["threads"]), d["name"])
            runs[key].append(float(d["median_ms"]))
            for lk in ("load_before", "load_after"):
                try:
                    loads[key].append(float(d[lk]))
                except (KeyError, ValueError):
                    pass
            if "threads_busy" in d:
                busy[key].append(int(d["threads_busy"]))
        elif " INFO check " in line and line.startswith("side="):
            d = kv(line)
            if "max_rel_diff" in d:
                step = float(d["step_diff"]) if "step_diff" in d else None
                checks[(d["side"], d["name"])].append((float(d["max_rel_diff"]), step))
        elif " INFO compile " in line and line.startswith("side="):
            d = kv(line)
            compiles[(d["side"], int(d["threads"]), d["name"])].append(float(d["seconds"]))
        elif line.startswith("side=") and " INFO " in line:
            side = line.split()[0][len("side="):]
            versions.setdefault(side, line.split(" INFO ", 1)[1])
        elif line.startswith("INFO") and not line.startswith("INFO reference") and line not in info:
            info.append(line)
    return runs, loads, busy, checks, compiles, info, versions


def fmt(x, digits=3):
    if x is None:
        return "n/a"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def span(xs, digits=2):
    return f"{min(xs):.{digits}f}–{max(xs):.{digits}f}" if xs else "n/a"


def best_gemm_rate(med, t):
    rates = [flops.workload_flops(n) / (ms * 1e-3) for (s, tt, n), ms in med.items()
             if s == "java" and tt == t and n.startswith("gemm_")]
    return max(rates) if rates else None


def main():
    runs, loads, busy, checks, compiles, info, versions = parse(sys.argv[1])
    med = {k: statistics.median(v) for k, v in runs.items()}
    threads = sorted({k[1] for k in med})
    peers = [(s, label) for s, label in PEERS if any(k[0] == s for k in med)]
    out = ["Machine and versions:", ""] + [f"    {i}" for i in info]
    out += [f"    {side}: {v}" for side, v in versions.items()] + [""]
    for t in threads:
        best = best_gemm_rate(med, t)
        rounds = max(len(v) for k, v in runs.items() if k[1] == t)
        out.append(f"\n**{t} thread{'s' if t > 1 else ''}** (median of "
                   f"{rounds} interleaved round{'s' if rounds > 1 else ''}; best Java GEMM rate "
                   f"{fmt(best / 1e9 if best else None)} GFLOP/s)\n")
        out.append("| workload | matmul GFLOP | Java ms | " + " | ".join(f"{label} ms" for _, label in peers)
                   + " | fastest peer | Java / fastest peer | Java GFLOP/s | matmul-bound limit ms | Java/limit "
                   "| load 1-min |")
        out.append("|---" * (9 + len(peers)) + "|")
        for name in ORDER:
            j = med.get(("java", t, name))
            times = {s: med.get((s, t, name)) for s, _ in peers}
            if j is None and not any(times.values()):
                continue
            present = {s: v for s, v in times.items() if v}
            fastest = min(present, key=present.get) if present else None
            f = flops.workload_flops(name)
            ls = [x for s in ["java"] + [p for p, _ in peers] for x in loads.get((s, t, name), [])]
            limit = f / best * 1e3 if f and best else None
            gemm = name.startswith("gemm")
            out.append("| " + " | ".join([
                name, fmt(f / 1e9) if f else "n/a", fmt(j)] + [fmt(times[s]) for s, _ in peers] + [
                dict(peers)[fastest] if fastest else "n/a",
                fmt(j / present[fastest]) if j and fastest else "n/a",
                fmt(f / (j * 1e-3) / 1e9) if f and j else "n/a",
                fmt(limit) if limit and not gemm else "—",
                fmt(j / limit) if limit and j and not gemm else "—",
                span(ls)]) + " |")
        nj, nn = med.get(("java", t, "gemm_1024x256x256")), med.get(("numpy", t, "numpy_gemm_1024x256x256"))
        if nn:
            g = flops.gemm_flops("1024x256x256")
            out.append(f"\nnumpy (OpenBLAS) GEMM 1024x256x256: {fmt(nn)} ms ({fmt(g / (nn * 1e-3) / 1e9)} GFLOP/s); "
                       f"Java / numpy {fmt(nj / nn) if nj else 'n/a'}; load "
                       f"{span(loads.get(('numpy', t, 'numpy_gemm_1024x256x256'), []))}")
        merged = defaultdict(set)   # what the thread settings did: threads that ran >= 10% of a measurement
        for (s, tt, n), v in busy.items():
            if tt == t:
                merged[s].update(v)
        if merged:
            out.append(f"\nThreads busy (≥ 10% of a measurement) per peer: "
                       + ", ".join(f"{s} {'/'.join(map(str, sorted(v)))}" for s, v in sorted(merged.items())))

    if checks:
        out.append("\n**Numerical checks against the Java reference** (`io.rldt.jmh.PeerReference`; worst "
                   "max|peer − java| / max|java| over the runs; after an optimiser step, relative to the step)\n")
        out.append("| workload | " + " | ".join(label for s, label in PEERS if any(k[0] == s for k in checks)) + " |")
        cpeers = [s for s, _ in PEERS if any(k[0] == s for k in checks)]
        out.append("|---" * (1 + len(cpeers)) + "|")
        for name in ORDER:
            if not any((s, name) in checks for s in cpeers):
                continue
            cells = []
            for s in cpeers:
                v = checks.get((s, name))
                if not v:
                    cells.append("—")
                    continue
                cell = f"{max(e for e, _ in v):.1e}"
                steps = [x for _, x in v if x is not None]
                if steps:
                    cell += f" (step {max(steps):.1e})"
                cells.append(cell)
            out.append(f"| {name} | " + " | ".join(cells) + " |")
    if compiles:
        out.append("\n**Compile times** (s, min–max over runs and thread counts; excluded from the timings; "
                   "torch.compile: first calls beyond the steady median, inductor's cache warm after the first run; "
                   "JAX: trace + lower + XLA compile of the timed step, cache off)\n")
        cpeers = [s for s, _ in PEERS if any(k[0] == s for k in compiles)]
        out.append("| workload | " + " | ".join(dict(PEERS)[s] for s in cpeers) + " |")
        out.append("|---" * (1 + len(cpeers)) + "|")
        for name in ORDER:
            cells = [span([x for (s2, _, n), v in compiles.items() if s2 == s and n == name for x in v], 1)
                     for s in cpeers]
            if all(c == "n/a" for c in cells):
                continue
            out.append(f"| {name} | " + " | ".join(cells) + " |")

    out.append("\nTargets (issue 6, against PyTorch eager):\n")
    for t in threads:
        nj, nn = med.get(("java", t, "gemm_1024x256x256")), med.get(("numpy", t, "numpy_gemm_1024x256x256"))
        if nj and nn:
            r = nn / nj
            out.append(f"- {t}T GEMM 1024x256x256 ≥ 90% of numpy: {100 * r:.0f}% → {'MET' if r >= 0.9 else 'MISSED'}")
        best = best_gemm_rate(med, t)
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
