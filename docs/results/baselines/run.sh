#!/usr/bin/env bash
# Equal-budget baseline runs, seed 0: the RLDT presets' task, pretraining, E, T and iterations, so the env-step
# budget equals RLDT's (Pendulum: 19,200 env steps; bandit: 20 training iterations of 256 one-step episodes).
# From the repository root: docs/results/baselines/run.sh   (RLDT's runs: docs/results/pendulum, docs/results/demo)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/baselines
for preset in pendulum bandit; do
  for algo in reinflow dppo fpo; do
    ./rldt.sh finetune --algo "$algo" --preset "$preset" --seed 0 --run-dir "$OUT/$preset/$algo-seed-0" \
      > "$OUT/$preset/$algo-seed-0.log" 2>&1
  done
done
