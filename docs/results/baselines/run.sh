#!/usr/bin/env bash
# Equal-budget baseline runs: the RLDT presets' task, pretraining (seeded like RLDT's, so the pretrained policy is
# RLDT's of the same seed), E, T and iterations, so the env-step budget equals RLDT's (Pendulum: 19,200 env steps;
# bandit: 20 training iterations of 256 one-step episodes). Seeds 0..2 (SEEDS overrides), every method.
# From the repository root: docs/results/baselines/run.sh   (RLDT's runs: docs/results/pendulum, docs/results/demo)
# RLDT=cmd overrides the launcher (default ./rldt.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/baselines
RLDT="${RLDT:-./rldt.sh}"
for seed in ${SEEDS:-0 1 2}; do
  for preset in pendulum bandit; do
    for algo in qam reinflow dppo fpo; do
      dir="$OUT/$preset/$algo-seed-$seed"
      [ -f "$dir/summary.json" ] && continue
      $RLDT finetune --algo "$algo" --preset "$preset" --seed "$seed" --run-dir "$dir" > "$dir.log" 2>&1
      if [ "$algo" = qam ] && [ "$preset" = bandit ]; then $RLDT eval "$dir" --preset bandit -q >> "$dir.log" 2>&1; fi
    done
  done
done
