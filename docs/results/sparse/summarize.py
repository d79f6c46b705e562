#!/usr/bin/env python3
"""The A/B table of docs/results/sparse: per arm and seed, the reward divisor the critic used (first and last
training iteration), and the pretrained and fine-tuned policies' success rate and return over 100 evaluation
episodes, deterministic (x0 = 0) and stochastic (x0 ~ N(0, I)). Usage: summarize.py docs/results/sparse"""
import json, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
ARMS = [a for a in ("ema", "dataset", "fixed") if os.path.isdir(os.path.join(root, a + "-s0"))]
SEEDS = (0, 1, 2)


def ev(run, seed, mode):
    with open(os.path.join(root, "eval", f"{run}-s{seed}-{mode}.json")) as f:
        return json.load(f)


def divisors(arm, seed):
    rows = [json.loads(l) for l in open(os.path.join(root, f"{arm}-s{seed}", "metrics.jsonl"))]
    d = [r["critic/reward_scale"] for r in rows if r.get("critic/reward_scale") is not None]
    return d[0], d[-1]


def loop_success(arm, seed):
    rows = [json.loads(l) for l in open(os.path.join(root, f"{arm}-s{seed}", "metrics.jsonl"))]
    s = [r["eval/success_rate"] for r in rows if r.get("eval/success_rate") is not None]
    return s


print("| arm | seed | divisor itr 1 → last | det. success pre → fine-tuned | det. return pre → fine-tuned "
      "| stoch. success pre → fine-tuned | stoch. return pre → fine-tuned | loop evals (20 det. episodes) |")
print("|---|---|---|---|---|---|---|---|")
means = {}
for arm in ARMS:
    acc = []
    for seed in SEEDS:
        d0, d1 = divisors(arm, seed)
        p, f = ev("pretrained", seed, "det"), ev(arm, seed, "det")
        ps, fs = ev("pretrained", seed, "stoch"), ev(arm, seed, "stoch")
        loop = " → ".join(f"{100 * x:.0f}" for x in loop_success(arm, seed))
        print(f"| {arm} | {seed} | {d0:.4g} → {d1:.4g} | {100 * p['success_rate']:.0f}% → {100 * f['success_rate']:.0f}% "
              f"| {p['return_mean']:.1f} → {f['return_mean']:.1f} | {100 * ps['success_rate']:.0f}% → {100 * fs['success_rate']:.0f}% "
              f"| {ps['return_mean']:.1f} → {fs['return_mean']:.1f} | {loop} % |")
        acc.append((p['success_rate'], f['success_rate'], p['return_mean'], f['return_mean'],
                    ps['success_rate'], fs['success_rate'], ps['return_mean'], fs['return_mean']))
    m = [sum(a[i] for a in acc) / len(acc) for i in range(8)]
    means[arm] = m
    print(f"| **{arm}** | **mean** | | **{100 * m[0]:.0f}% → {100 * m[1]:.0f}%** | **{m[2]:.1f} → {m[3]:.1f}** "
          f"| **{100 * m[4]:.0f}% → {100 * m[5]:.0f}%** | **{m[6]:.1f} → {m[7]:.1f}** | |")
