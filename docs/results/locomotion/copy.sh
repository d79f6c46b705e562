#!/usr/bin/env bash
# Copies the small files of the locomotion fine-tuning runs (config, metadata, metrics, summary, curves, log) from
# $RUNS (default runs) into docs/results/locomotion/<run>/, leaving checkpoints and pretrained weights behind, then
# prints the tables (summarize.py) and draws one comparison figure per task (rldt plot: fine-tuning seeds and
# SAC from scratch, evaluation return against env steps).
#   RUNS=/work/runs docs/results/locomotion/copy.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS="${RUNS:-runs}"
HERE=docs/results/locomotion
for dir in "$RUNS"/{rldt,qam}-{hopper,walker2d,halfcheetah}-*/; do
  [ -d "$dir" ] || continue
  name="$(basename "$dir")"
  out="$HERE/$name"
  mkdir -p "$out"
  for f in config.toml metadata.json metrics.csv metrics.jsonl timings.csv timings.json learning_curve.png summary.json; do
    [ -f "$dir/$f" ] && cp "$dir/$f" "$out/"
  done
  [ -f "$RUNS/$name.log" ] && tr '\r' '\n' < "$RUNS/$name.log" | grep -v '^\s*$' | grep -v '%|' > "$out/train.log" || true
done
python3 "$HERE/summarize.py" > "$HERE/tables.md"
for task in hopper walker2d halfcheetah; do
  args=()
  for method in rldt qam; do
    runs=$(ls -d "$HERE/$method-$task"-s* 2>/dev/null | paste -sd, -) || true
    [ -n "$runs" ] && args+=(--run "${method^^}=$runs")
  done
  [ ${#args[@]} -eq 0 ] && continue
  sac=$(ls -d docs/results/sac/sac-"$task"-s* 2>/dev/null | paste -sd, -) || true
  [ -n "$sac" ] && args+=(--run "SAC from scratch=$sac")
  ./rldt.sh plot "${args[@]}" --title "$task: deterministic evaluation return" -o "$HERE/$task.png" > /dev/null
done
cat "$HERE/tables.md"
