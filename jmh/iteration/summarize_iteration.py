#!/usr/bin/env python3
"""Table of compare-iteration.sh's raw lines: phase x side x threads, median over the timed iterations.

Reads lines
    PHASE side=java|python phase=rollout|bootstrap|critic|actor|iteration seconds=S iteration=I threads=T
    LOAD side=... threads=T when=before|after load=a,b,c
    INFO ...
and prints a Markdown table per thread count with the Java/Python time ratio and the speedup (Python/Java).
`critic` is the critic steps without the bootstrap sampling on both sides (Java: time/critic_s - time/bootstrap_s).

Usage: summarize_iteration.py RAW_FILE
"""
import statistics
import sys

PHASES = ["rollout", "bootstrap", "critic", "actor", "iteration"]


def fields(line):
    out = {}
    for tok in line.split()[1:]:
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def main(path):
    times, loads, info = {}, {}, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("PHASE "):
                d = fields(line)
                times.setdefault((int(d["threads"]), d["phase"], d["side"]), []).append(float(d["seconds"]))
            elif line.startswith("LOAD "):
                d = fields(line)
                loads.setdefault((int(d["threads"]), d["side"]), []).append(f"{d['when']} {d['load']}")
            elif line.startswith("INFO "):
                info.append(line[5:])
    print("Machine and runs:\n")
    for line in info:
        print("    " + line)
    for t in sorted({k[0] for k in times}):
        n_java = len(times.get((t, "iteration", "java"), []))
        n_py = len(times.get((t, "iteration", "python"), []))
        print(f"\n**{t} thread{'s' if t > 1 else ''}** (median over {n_java} Java and {n_py} Python timed iterations; "
              "seconds per training iteration)\n")
        print("| phase | Java s | Python s | Java/Python | speedup (Python/Java) |")
        print("|---|---|---|---|---|")
        for ph in PHASES:
            j = times.get((t, ph, "java"))
            p = times.get((t, ph, "python"))
            js = f"{statistics.median(j):.3f}" if j else "—"
            ps = f"{statistics.median(p):.3f}" if p else "—"
            if j and p and statistics.median(p) > 0 and statistics.median(j) > 0:
                ratio = statistics.median(j) / statistics.median(p)
                cell = f"{ratio:.3f} | {1 / ratio:.2f}×"
            else:
                cell = "— | —"
            name = "critic (without bootstrap)" if ph == "critic" else ph
            print(f"| {name} | {js} | {ps} | {cell} |")
        for side in ("java", "python"):
            if (t, side) in loads:
                print(f"\nload average ({side}, {t} thread{'s' if t > 1 else ''}): " + "; ".join(loads[(t, side)]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
