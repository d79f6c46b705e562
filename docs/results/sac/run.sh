#!/usr/bin/env bash
# Reproduces docs/results/sac: SAC from scratch (CleanRL's defaults, presets sac-hopper, sac-walker2d,
# sac-halfcheetah) on the three MuJoCo v4 tasks, one thread per run so two or three share a 2-core machine.
# Hours per task on 2 cores: run it in the background; re-running resumes each run from its checkpoint, and
# finished runs are skipped. Run directories (checkpoints hold the replay buffer: tens of MB) go to $RUNS
# (default runs/sac); the small files are copied here by copy.sh.
#   docs/results/sac/run.sh [seed=0] [tasks="hopper walker2d halfcheetah"]
# STEPS=N trains to N env steps instead of the preset's 300,000 (a finished run resumes from its checkpoint and goes
# on: the committed runs were extended to the RLDT presets' 480,000 with STEPS=480000).
# RLDT=cmd overrides the launcher (default ./rldt.sh), e.g. a frozen jar while the working tree is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../../.."
seed="${1:-0}"
tasks="${2:-hopper walker2d halfcheetah}"
RUNS="${RUNS:-runs/sac}"
RLDT="${RLDT:-./rldt.sh}"
mkdir -p "$RUNS"
export RLDT_JAVA_OPTS="${RLDT_JAVA_OPTS:--Drldt.threads=1}"
$RLDT --version >/dev/null   # build once before the runs start in parallel
for t in $tasks; do
  nohup $RLDT sac --preset "sac-$t" --seed "$seed" --run-dir "$RUNS/sac-$t-s$seed" ${STEPS:+--set loop.totalSteps=$STEPS} \
    >> "$RUNS/sac-$t-s$seed.log" 2>&1 &
done
wait
