#!/usr/bin/env bash
# Equal-budget baseline runs: the RLDT presets' task, pretraining (seeded like RLDT's, so the pretrained policy is
# RLDT's of the same seed), E, T and iterations, so the env-step budget equals RLDT's (Pendulum: 19,200 env steps;
# bandit: 20 training iterations of 256 one-step episodes). Seeds 0..2 (SEEDS overrides), every method; on the
# bandit also RLDT itself (its Pendulum runs are docs/results/pendulum) and QAM with β = 30 (the A/B of β's scale).
# From the repository root: docs/results/baselines/run.sh   (skips runs that have a summary.json)
# RLDT=cmd overrides the launcher (default ./rldt.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/baselines
RLDT="${RLDT:-./rldt.sh}"
run() { # preset algo seed name [--set ...]
  local preset=$1 algo=$2 seed=$3 name=$4; shift 4
  local dir="$OUT/$preset/$name-seed-$seed"
  [ -f "$dir/summary.json" ] && return 0
  $RLDT finetune --algo "$algo" --preset "$preset" --seed "$seed" --run-dir "$dir" "$@" > "$dir.log" 2>&1
  # The trajectory-buffer methods' bandit runs get the mode shares from eval (the on-policy trainer writes them).
  if [ "$preset" = bandit ] && { [ "$algo" = qam ] || [ "$algo" = rldt ]; }; then
    $RLDT eval "$dir" --preset bandit -q >> "$dir.log" 2>&1
  fi
}
for seed in ${SEEDS:-0 1 2}; do
  for preset in pendulum bandit; do
    for algo in qam reinflow dppo fpo; do run "$preset" "$algo" "$seed" "$algo"; done
  done
  run bandit rldt "$seed" rldt
  run bandit qam "$seed" qam-beta30 --set qam.inverseTemperature=30
done
