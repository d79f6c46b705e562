#!/usr/bin/env python3
"""Tables of the locomotion fine-tuning runs in docs/results/locomotion/<method>-<task>-s<seed>/ (see copy.sh).

For each run: the pretrained policy's evaluation (iteration 0), the final one, the mean of the last three (the
protocol's "final"), the best (labelled as a maximum), env steps, D4RL-normalised scores, and SAC from scratch
at the same env steps (its evaluation nearest below). Then per method and task the mean ± std over seeds.
Evaluations are deterministic (x_0 = 0), 20 episodes, the same start states every time.
"""
import csv
import glob
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
SAC = os.path.join(HERE, "..", "sac")
D4RL = {"hopper": (-20.272305, 3234.3), "halfcheetah": (-280.178953, 12135.0), "walker2d": (1.629008, 4592.3)}


def score(task, r):
    lo, hi = D4RL[task]
    return 100 * (r - lo) / (hi - lo)


def evals(path):
    rows = [r for r in csv.DictReader(open(path)) if r.get("eval/return_mean")]
    return [(int(float(r["train/env_steps"])), float(r["eval/return_mean"]), float(r["eval/return_std"])) for r in rows]


def sac_at(task, steps):
    out = []
    for run in sorted(glob.glob(os.path.join(SAC, f"sac-{task}-s*"))):
        e = [x for x in evals(os.path.join(run, "metrics.csv")) if x[0] <= steps]
        if e:
            out.append(e[-1])
    return out


def main():
    print("| method | task | seed | env steps | iterations | pretrained (itr 0) | final | mean of last 3 | best (max) | "
          "D4RL: pretrained → last 3 | SAC from scratch at ≤ same steps |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    groups = {}
    for run in sorted(glob.glob(os.path.join(HERE, "*-*-s*"))):
        name = os.path.basename(run)
        method, rest = name.split("-", 1)
        rest, seed = rest.rsplit("-s", 1)
        task, _, variant = rest.partition("-")          # e.g. rldt-halfcheetah-lr1e-4-s0: an A/B variant
        method = method.upper() + (f" ({variant})" if variant else "")
        path = os.path.join(run, "metrics.csv")
        if not os.path.exists(path):
            continue
        e = evals(path)
        if not e:
            continue
        rows = list(csv.DictReader(open(path)))
        itr = int(rows[-1]["iteration"])
        pre, fin = e[0], e[-1]
        last3 = statistics.mean(x[1] for x in e[-3:])
        best = max(e[1:] or e, key=lambda x: x[1])
        sac = sac_at(task, fin[0])
        sac_txt = ", ".join(f"{m:.0f} (at {s:,})" for s, m, _ in sac) or "—"
        print(f"| {method} | {task} | {seed} | {fin[0]:,} | {itr} | {pre[1]:.0f} ± {pre[2]:.0f} | "
              f"{fin[1]:.0f} ± {fin[2]:.0f} | {last3:.0f} | {best[1]:.0f} (at {best[0]:,}) | "
              f"{score(task, pre[1]):.1f} → {score(task, last3):.1f} | {sac_txt} |")
        groups.setdefault((method, task), []).append((pre[1], last3, fin[0]))
    print()
    print("| method | task | seeds | env steps (min) | pretrained | mean of last 3 evaluations | change |")
    print("|---|---|---|---|---|---|---|")
    for (method, task), g in sorted(groups.items()):
        pre = [x[0] for x in g]
        fin = [x[1] for x in g]
        sd = lambda v: f" ± {statistics.stdev(v):.0f}" if len(v) > 1 else ""
        print(f"| {method} | {task} | {len(g)} | {min(x[2] for x in g):,} | {statistics.mean(pre):.0f}{sd(pre)} | "
              f"{statistics.mean(fin):.0f}{sd(fin)} | {statistics.mean(fin) - statistics.mean(pre):+.0f} |")
    timings()


def timings():
    """Medians over each run's training iterations of the wall time per phase (timings.csv; older runs kept the
    time/ columns in metrics.csv). Wall clock on the shared 2-core machine: it depends on the load, not the seed."""
    print()
    print("Wall time per training iteration, medians in seconds (load-dependent; `time/*` of timings.csv):")
    print()
    print("| run | training iterations | iteration | rollout | bootstrap sampling | critic steps (incl. bootstrap) | "
          "actor steps | peak heap (MB, max) |")
    print("|---|---|---|---|---|---|---|---|")
    for run in sorted(glob.glob(os.path.join(HERE, "*-*-s*"))):
        # Runs started before 2026-11-29 kept time/* in metrics.csv; one resumed across that change has both.
        by_itr = {}
        for name in ("metrics.csv", "timings.csv"):
            path = os.path.join(run, name)
            if os.path.exists(path):
                for r in csv.DictReader(open(path)):
                    by_itr.setdefault(r["iteration"], {}).update({k: v for k, v in r.items() if v and k.startswith(("time/", "mem/"))})
        rows = [r for r in by_itr.values() if r.get("time/rollout_s")]
        if not rows:
            continue
        med = lambda k: f"{statistics.median(float(r[k]) for r in rows if r.get(k)):.1f}" if any(r.get(k) for r in rows) else "—"
        heap = max((float(r["mem/peak_heap_mb"]) for r in rows if r.get("mem/peak_heap_mb")), default=float("nan"))
        print(f"| {os.path.basename(run)} | {len(rows)} | {med('time/iteration_s')} | {med('time/rollout_s')} | "
              f"{med('time/bootstrap_s')} | {med('time/critic_s')} | {med('time/actor_s')} | {heap:.0f} |")


if __name__ == "__main__":
    main()
