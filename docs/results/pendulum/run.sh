#!/usr/bin/env bash
# Reproduces docs/results/pendulum: pretraining on the mediocre scripted controller's demonstrations, then
# RLDT fine-tuning with the `pendulum` CPU preset, for seeds 0, 1 and 2; then the comparison plot.
set -euo pipefail
cd "$(dirname "$0")/../../.."
rm -rf docs/results/pendulum/seed-0 docs/results/pendulum/seed-1 docs/results/pendulum/seed-2
for seed in 0 1 2; do
  ./rldt.sh finetune --preset pendulum --seed "$seed" --run-dir "docs/results/pendulum/seed-$seed" \
    2>&1 | tee "docs/results/pendulum/seed-$seed.log"
done
./rldt.sh plot --run "RLDT (3 seeds)=docs/results/pendulum/seed-0,docs/results/pendulum/seed-1,docs/results/pendulum/seed-2" \
  --band MIN_MAX --title "RLDT on Pendulum-v1: evaluation return, mean and min-max over 3 seeds" \
  -o docs/results/pendulum/learning_curves.png
