#!/usr/bin/env bash
# Reproduces docs/results/pendulum: pretraining on the mediocre scripted controller's demonstrations, then
# RLDT fine-tuning with the `pendulum` CPU preset, for seeds 0, 1 and 2; then the comparison plot.
set -euo pipefail
cd "$(dirname "$0")/../../.."
for seed in 0 1 2; do
  ./rldt.sh finetune --preset pendulum --seed "$seed" --run-dir "docs/results/pendulum/seed-$seed" \
    2>&1 | tee "docs/results/pendulum/seed-$seed.log"
done
