#!/usr/bin/env python3
"""Tables of the equal-budget comparison: method × task, mean ± std over seeds of the evaluation at iteration 0
(the pretrained policy), the final evaluation, the mean of the last three and the best (a maximum, labelled);
for the bandit also the mean reward of 1500 samples and the share of them in the left mode.

    docs/results/baselines/summarize.py      (reads docs/results/baselines/<preset>/<algo>-seed-N/ and RLDT's
                                              Pendulum runs in docs/results/pendulum/seed-N/)
"""
import csv
import glob
import json
import os
import re
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = {"rldt": "RLDT", "qam": "QAM", "reinflow": "ReinFlow", "dppo": "Flow-DPPO", "fpo": "FPO++"}


def evals(path):
    rows = [r for r in csv.DictReader(open(path)) if r.get("eval/return_mean")]
    return [(int(float(r["train/env_steps"])), float(r["eval/return_mean"])) for r in rows]


def runs(preset):
    out = {}
    for d in glob.glob(os.path.join(HERE, preset, "*-seed-*")):
        m = re.match(r"([\w-]+?)-seed-(\d+)$", os.path.basename(d))   # <algo>[-<variant>]-seed-N
        if m and os.path.exists(os.path.join(d, "summary.json")):
            out.setdefault(m.group(1), {})[int(m.group(2))] = d
    if preset.endswith("-cpu"):  # RLDT's locomotion runs at the preset's defaults: docs/results/locomotion/rldt-<task>-sN
        task = preset[:-len("-cpu")]
        for d in glob.glob(os.path.join(HERE, "..", "locomotion", f"rldt-{task}-s*")):
            m = re.match(rf"rldt-{task}-s(\d+)$", os.path.basename(d))
            if m and os.path.exists(os.path.join(d, "summary.json")):
                out.setdefault("rldt", {})[int(m.group(1))] = d
    if preset == "pendulum":  # RLDT's Pendulum runs: the same preset and seeds, committed with the demo results
        for d in glob.glob(os.path.join(HERE, "..", "pendulum", "seed-*")):
            if os.path.exists(os.path.join(d, "summary.json")):
                out.setdefault("rldt", {})[int(d.rsplit("-", 1)[1])] = d
    return out


def modes(d, algo):
    """(sample mean reward, left share) of the fine-tuned policy, or None."""
    f = os.path.join(d, "bandit_modes.json")
    if os.path.exists(f):
        j = json.load(open(f))
        return j["final_mean_reward"], j["final_left_share"]
    f = os.path.join(d, "eval.json")
    if os.path.exists(f):
        j = json.load(open(f))
        if "mode_share_left" in j:
            return j["sample_reward_mean"], j["mode_share_left"]
    return None


def fmt(values, digits):
    if not values:
        return "—"
    m = statistics.mean(values)
    return f"{m:.{digits}f}" + (f" ± {statistics.stdev(values):.{digits}f}" if len(values) > 1 else "")


def main():
    for preset, digits in (("pendulum", 1), ("bandit", 3), ("hopper-cpu", 0), ("walker2d-cpu", 0), ("halfcheetah-cpu", 0)):
        table = runs(preset)
        if not table:
            continue
        extra = " | sample reward (1500) | left-mode share" if preset == "bandit" else ""
        print(f"### {preset}\n")
        print(f"| method | seeds | env steps | pretrained | final | mean of last 3 | best (max){extra} |")
        print("|---|---|---|---|---|---|---|" + ("---|---|" if extra else ""))
        order = ("rldt", "qam", "reinflow", "dppo", "fpo")
        for algo in sorted(table, key=lambda a: (order.index(a.split("-")[0]) if a.split("-")[0] in order else 9, a)):
            seeds = sorted(table[algo])
            e = [evals(os.path.join(table[algo][s], "metrics.csv")) for s in seeds]
            pre = [x[0][1] for x in e]
            fin = [x[-1][1] for x in e]
            last3 = [statistics.mean(v for _, v in x[-3:]) for x in e]
            best = [max(v for _, v in x[1:] or x) for x in e]
            steps = min(x[-1][0] for x in e)
            base, _, variant = algo.partition("-")
            name = NAMES.get(base, base) + (f" ({variant})" if variant else "")
            row = (f"| {name} | {','.join(map(str, seeds))} | {steps:,} | {fmt(pre, digits)} | {fmt(fin, digits)} | "
                   f"{fmt(last3, digits)} | {fmt(best, digits)} |")
            if extra:
                mo = [modes(table[algo][s], algo) for s in seeds]
                mo = [m for m in mo if m]
                row += f" {fmt([m[0] for m in mo], 3)} | {fmt([m[1] for m in mo], 2)} |"
            print(row)
        print()


if __name__ == "__main__":
    main()
