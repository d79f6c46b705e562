#!/usr/bin/env bash
# From a SAC run to a shipped pretrained flow policy, for one task (hopper, walker2d or halfcheetah):
#   1. the medium snapshot: the first evaluation within ±10 % of a third of D4RL's expert return;
#   2. its return over 20 deterministic episodes;
#   3. 100,000 stochastic transitions in D4RL's HDF5 layout plus the .npz (data/, not committed);
#   4. CFM pretraining with the TASK-cpu preset (DPPO's recipe), logged;
#   5. the pretrained flow policy over 20 deterministic episodes, and its copy into the jar's resources.
#   docs/results/sac/medium.sh TASK [seed=0]      (RUNS as in run.sh)
set -euo pipefail
cd "$(dirname "$0")/../../.."
t="$1"
seed="${2:-0}"
RUNS="${RUNS:-runs/sac}"
out=docs/results/sac/medium
mkdir -p "$out" data rldt/src/main/resources/io/rldt/policies
./rldt.sh snapshots "$RUNS/sac-$t-s$seed" --copy-medium "$out/$t-medium-sac.safetensors" | tee "$out/$t-snapshots.txt"
./rldt.sh eval "$out/$t-medium-sac.safetensors" -n 20 -o "$out/$t-medium-sac.eval.json"
./rldt.sh collect --policy "$out/$t-medium-sac.safetensors" --steps 100000 --seed 0 -o "data/$t-medium.hdf5" -q \
  | tee "$out/$t-medium-data.txt"
rm -rf "$RUNS/$t-pretrain"
/usr/bin/time -v ./rldt.sh pretrain --preset "$t-cpu" --dataset "data/$t-medium.npz" --run-dir "$RUNS/$t-pretrain" \
  > "$out/$t-pretrain.log" 2> "$out/$t-pretrain.time"
cp "$RUNS/$t-pretrain/config.toml" "$out/$t-pretrain-config.toml"
./rldt.sh eval "$RUNS/$t-pretrain" -n 20 -o "$out/$t-medium-flow.eval.json"
cp "$RUNS/$t-pretrain/pretrained.safetensors" "rldt/src/main/resources/io/rldt/policies/$t-medium-flow.safetensors"
