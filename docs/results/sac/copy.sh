#!/usr/bin/env bash
# Copies the small files of the SAC runs (config, metadata, metrics, curves, summary, log, snapshot list) from
# $RUNS (default runs/sac) into docs/results/sac/<run>/, leaving checkpoints and snapshots behind.
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS="${RUNS:-runs/sac}"
for dir in "$RUNS"/sac-*-s*/; do
  name="$(basename "$dir")"
  out="docs/results/sac/$name"
  mkdir -p "$out"
  for f in config.toml metadata.json metrics.csv timings.csv timings.json learning_curve.png summary.json; do
    [ -f "$dir/$f" ] && cp "$dir/$f" "$out/"
  done
  [ -f "$RUNS/$name.log" ] && grep -v '^\r' "$RUNS/$name.log" | tr -d '\r' > "$out/train.log"
  ls "$dir/snapshots" > "$out/snapshots.txt" 2>/dev/null || true
done
