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
  mkdir -p "$OUT/$preset"
  $RLDT finetune --algo "$algo" --preset "$preset" --seed "$seed" --run-dir "$dir" "$@" >> "$dir.log" 2>&1
  # The trajectory-buffer methods' bandit runs get the mode shares from eval (the on-policy trainer writes them).
  if [ "$preset" = bandit ] && { [ "$algo" = qam ] || [ "$algo" = rldt ]; }; then
    $RLDT eval "$dir" --preset bandit -q >> "$dir.log" 2>&1
  fi
}
# PRESETS="hopper-cpu" runs the locomotion comparison instead (about an hour per method and seed on 2 cores,
# one thread each so two run side by side, as RLDT's runs in docs/results/locomotion did): METHODS narrows it.
for seed in ${SEEDS:-0 1 2}; do
  for preset in ${PRESETS:-pendulum bandit}; do
    threads=(); case "$preset" in *-cpu) threads=(--set loop.threads=1) ;; esac
    for algo in ${METHODS:-qam reinflow dppo fpo}; do run "$preset" "$algo" "$seed" "$algo" "${threads[@]}"; done
    # QAM_BETA30=1: on a locomotion preset also QAM with beta = 30 (the bandit's A/B of beta's scale against Q).
    if [ -n "${QAM_BETA30:-}" ] && [ "$preset" != bandit ] && [ "$preset" != pendulum ]; then
      run "$preset" qam "$seed" qam-beta30 "${threads[@]}" --set qam.inverseTemperature=30
    fi
    if [ "$preset" = bandit ]; then
      run bandit rldt "$seed" rldt
      run bandit qam "$seed" qam-beta30 --set qam.inverseTemperature=30
    fi
  done
done
