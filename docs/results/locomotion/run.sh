#!/usr/bin/env bash
# The 3 tasks x 3 seeds of RLDT at the *-cpu presets, two runs at a time (one thread each, the machine's 2 cores),
# skipping every run whose results are already committed here (docs/results/locomotion/<run>/summary.json).
# Each run takes 40-60 min on an idle 2-core machine; re-running the script resumes unfinished run directories.
#   RUNS=/work/runs docs/results/locomotion/run.sh                 # all that is missing
#   RUNS=/work/runs TASKS="walker2d" SEEDS="2" docs/results/locomotion/run.sh
# Then RUNS=... docs/results/locomotion/copy.sh copies the results and regenerates tables.md and the plots.
# RLDT=cmd overrides the launcher (default ./rldt.sh; a frozen copy of the jar keeps rebuilds out of long runs).
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS="${RUNS:-runs}"
RLDT="${RLDT:-./rldt.sh}"
HERE=docs/results/locomotion
todo=()
for task in ${TASKS:-hopper walker2d halfcheetah}; do
  for seed in ${SEEDS:-0 1 2}; do
    name="rldt-$task-s$seed"
    [ -f "$HERE/$name/summary.json" ] && continue
    todo+=("$task $seed")
  done
done
lane() { # runs every second entry of todo, starting at $1
  for ((i = $1; i < ${#todo[@]}; i += 2)); do
    read -r task seed <<< "${todo[$i]}"
    mkdir -p "$RUNS"
    $RLDT finetune --preset "$task-cpu" --seed "$seed" --run-dir "$RUNS/rldt-$task-s$seed" --set loop.threads=1 \
      > "$RUNS/rldt-$task-s$seed.log" 2>&1 || echo "rldt-$task-s$seed failed: see $RUNS/rldt-$task-s$seed.log" >&2
  done
}
echo "runs to do: ${#todo[@]} (${todo[*]:-none})"
lane 0 & lane 1 & wait
