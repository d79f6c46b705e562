#!/usr/bin/env python3
"""Prints the SAC results table of docs/results/sac/README.md from the copied run files and the medium files.

    docs/results/sac/summarize.py        (after copy.sh; reads docs/results/sac/sac-*-s*/ and medium/)
"""
import csv
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
D4RL = {"hopper": (-20.272305, 3234.3), "halfcheetah": (-280.178953, 12135.0), "walker2d": (1.629008, 4592.3)}


def score(task, r):
    lo, hi = D4RL[task]
    return 100 * (r - lo) / (hi - lo)


def evals(path):
    rows = [r for r in csv.DictReader(open(path)) if r.get("eval/return_mean")]
    return [(int(float(r["train/env_steps"])), float(r["eval/return_mean"]), float(r["eval/return_std"])) for r in rows]


def main():
    print("| task | seed | env steps | last evaluation (10 ep.) | best evaluation | at 100k | at 300k |")
    print("|---|---|---|---|---|---|---|")
    for run in sorted(glob.glob(os.path.join(HERE, "sac-*-s*"))):
        name = os.path.basename(run)
        task, seed = name[len("sac-"):].rsplit("-s", 1)
        e = evals(os.path.join(run, "metrics.csv"))
        if not e:
            continue
        steps, last, last_std = e[-1]
        best = max(e, key=lambda x: x[1])
        at = {s: f"{m:.0f} ± {sd:.0f}" for s, m, sd in e}
        print(f"| {task} | {seed} | {steps:,} | {last:.0f} ± {last_std:.0f} | {best[1]:.0f} (at {best[0]:,}) | "
              f"{at.get(100000, '—')} | {at.get(300000, '—')} |")
    print()
    print("| task | medium snapshot | SAC, 20 det. episodes | D4RL score | dataset: transitions, episodes, return | "
          "pretrained flow, 20 det. episodes | D4RL score |")
    print("|---|---|---|---|---|---|---|")
    for task in ("hopper", "walker2d", "halfcheetah"):
        sac_eval = os.path.join(HERE, "medium", f"{task}-medium-sac.eval.json")
        if not os.path.exists(sac_eval):
            continue
        s = json.load(open(sac_eval))
        step = s["policy"].split("step ")[1].split(",")[0]
        data = open(os.path.join(HERE, "medium", f"{task}-medium-data.txt")).read().strip()
        transitions = data.split(": ")[1].split(" steps")[0]
        episodes = data.split("steps, ")[1].split(" complete")[0]
        ret = data.rsplit("), return ", 1)[1].split(" (min")[0]
        flow_path = os.path.join(HERE, "medium", f"{task}-medium-flow.eval.json")
        flow = json.load(open(flow_path)) if os.path.exists(flow_path) else None
        flow_txt = f"{flow['return_mean']:.0f} ± {flow['return_std']:.0f}" if flow else "—"
        flow_score = f"{score(task, flow['return_mean']):.1f}" if flow else "—"
        print(f"| {task} | step {step} | {s['return_mean']:.0f} ± {s['return_std']:.0f} | "
              f"{score(task, s['return_mean']):.1f} | {transitions}, {episodes}, {ret} | {flow_txt} | {flow_score} |")


if __name__ == "__main__":
    main()
