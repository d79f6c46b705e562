#!/usr/bin/env bash
# Reproduces docs/results/demo: exactly the README's main job, with its output kept here.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf docs/results/demo   # a run directory refuses another config: start clean
./rldt.sh demo --out docs/results/demo 2>&1 | tee docs/results/demo.log
