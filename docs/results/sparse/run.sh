#!/usr/bin/env bash
# Reproduces docs/results/sparse: the sparse-reward A/B on MountainCarContinuous-v0 (the `mountaincar` preset).
# Per seed: one pretraining run, then RLDT fine-tuning from that same pretrained policy with three reward
# divisors (critic.rewardScale): the spec's EMA (the default elsewhere), the demonstrations' mean |chunk reward|
# (dataset, the preset's default) and a fixed 100 (the goal bonus). Then 100-episode evaluations of every
# pretrained and fine-tuned policy, deterministic and stochastic, and the table (summarize.py).
# One thread per run (loop.threads=1), one run at a time: about 2.5 minutes per fine-tuning run on the shared machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
RLDT="${RLDT:-./rldt.sh}"
OUT=docs/results/sparse
for seed in 0 1 2; do
  if [ ! -f "$OUT/pretrained-s$seed/pretrained.safetensors" ]; then
    $RLDT pretrain --preset mountaincar --seed "$seed" --set loop.threads=1 --run-dir "$OUT/pretrained-s$seed" \
      2>&1 | tee "$OUT/pretrained-s$seed.log"
  fi
done
for arm in ema dataset fixed; do
  extra=(--set "critic.rewardScale=$arm")
  [ "$arm" = fixed ] && extra+=(--set critic.rewardScaleValue=100)
  for seed in 0 1 2; do
    dir="$OUT/$arm-s$seed"
    [ -f "$dir/summary.json" ] && continue
    $RLDT finetune --preset mountaincar --seed "$seed" --pretrained "$OUT/pretrained-s$seed" "${extra[@]}" \
      --set loop.threads=1 --run-dir "$dir" 2>&1 | tee "$OUT/$arm-s$seed.log"
  done
done
mkdir -p "$OUT/eval"
for seed in 0 1 2; do
  for run in pretrained ema dataset fixed; do
    $RLDT eval "$OUT/$run-s$seed" -n 100 -q -o "$OUT/eval/$run-s$seed-det.json"
    $RLDT eval "$OUT/$run-s$seed" -n 100 -q --no-deterministic -o "$OUT/eval/$run-s$seed-stoch.json"
  done
done 2>&1 | grep -v '^WARNING' | tee "$OUT/eval.log"
python3 "$OUT/summarize.py" "$OUT" | tee "$OUT/table.md"
runs() { echo "$OUT/$1-s0,$OUT/$1-s1,$OUT/$1-s2"; }
for y in success_rate return_mean; do
  $RLDT plot --run "EMA (spec)=$(runs ema)" --run "dataset=$(runs dataset)" --run "fixed 100=$(runs fixed)" \
    --x train/env_steps --y "eval/$y" --band MIN_MAX --title "MountainCar, RLDT: eval/$y (mean, min-max of 3 seeds)" \
    -o "$OUT/$y.png"
done
