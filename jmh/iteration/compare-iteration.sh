#!/usr/bin/env bash
# One whole RLDT training iteration at the hopper-cpu preset: the project (Java CLI) against the Python peer
# (jmh/iteration/rldt_iteration.py: Gymnasium Hopper-v4 + JAX), phase by phase, at 1 and 2 threads.
#
#   jmh/iteration/compare-iteration.sh [timed iterations (default 3)] [warm-up iterations (default 1)]
#
# Environment:
#   RLDT     the CLI launcher (default ./rldt.sh, which builds the working tree first; a frozen build such as
#            /work/runs/run3.sh keeps concurrent source edits out of the measurement)
#   PYTHON   interpreter with jax, numpy, gymnasium, mujoco (default python3)
#   THREADS  thread counts to run (default "1 2")
#   OUTDIR   where the raw lines and the table go (default jmh/results, beside compare-pytorch.sh's files)
#
# For each thread count T (sides in alternating order, Java first at T = 1):
#   Java:   taskset -c <T cores> $RLDT finetune --preset hopper-cpu --seed 0 --run-dir <tmp> -q
#             --set loop.threads=T (env stepping, transport field) with RLDT_JAVA_OPTS=-Drldt.threads=T (GEMM pool)
#             --set loop.iterations=W+N --set loop.evalEvery=0 (no evaluation-only iterations)
#             --set actor.startIteration=-1 (the actor from the first iteration on: every iteration is a steady-state
#             one, critic and actor) --set loop.evalEpisodes=1 --set loop.checkpointEvery=0 (one final evaluation
#             episode and one checkpoint, both outside the timed iterations)
#           then reads <tmp>/timings.csv: iterations W .. W+N-1 (the first W carry the JIT warm-up)
#   Python: taskset -c <T cores> $PYTHON jmh/iteration/rldt_iteration.py --threads T --warmup W --iterations N
# Phases: rollout, bootstrap (a' ~ pi for the critic targets), critic (the critic steps WITHOUT bootstrap sampling:
# Java's time/critic_s includes time/bootstrap_s, so the script subtracts it), actor, iteration (the whole
# training iteration, wall clock). /proc/loadavg is recorded before and after every run. Raw lines go to
# $OUTDIR/iteration-<time>.txt, the table (medians over the timed iterations) to iteration-<time>.md and stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-3}
W=${2:-1}
RLDT=${RLDT:-./rldt.sh}
PY=${PYTHON:-python3}
THREADS=${THREADS:-"1 2"}
OUTDIR=${OUTDIR:-jmh/results}
mkdir -p "$OUTDIR"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$OUTDIR/iteration-$STAMP.txt
MD=$OUTDIR/iteration-$STAMP.md
WORK=$(mktemp -d /tmp/rldt-iteration-XXXXXX)

cpus() { if (( $1 == 1 )); then echo 0; else echo "0-$(( $1 - 1 ))"; fi; }
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' ','; }

# Build (./rldt.sh) and start once outside the measurement; also records the versions.
"$RLDT" --version >"$WORK/version.txt" 2>&1 || { cat "$WORK/version.txt" >&2; exit 1; }
{
  echo "INFO date=$STAMP cpu=$(lscpu | sed -n 's/^Model name: *//p' | tr ' ' '_') cores=$(nproc)" \
       "sockets=$(lscpu | sed -n 's/^Socket(s): *//p') threads_per_core=$(lscpu | sed -n 's/^Thread(s) per core: *//p')"
  echo "INFO java_cli=$RLDT $(grep -v WARNING "$WORK/version.txt" | head -1 | tr ' ' '_')" \
       "jdk=$("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1 | tr ' ' '_')"
  echo "INFO python=$("$PY" -c 'import sys, jax, gymnasium, mujoco, numpy; print(sys.version.split()[0], "jax", jax.__version__, "gymnasium", gymnasium.__version__, "mujoco", mujoco.__version__, "numpy", numpy.__version__)' | tr ' ' '_')"
  echo "INFO preset=hopper-cpu warmup_iterations=$W timed_iterations=$N threads=${THREADS// /,} load_start=$(load)"
} | tee "$RAW"

run_java() { # threads
  local t=$1 dir="$WORK/java-t$1"
  echo "LOAD side=java threads=$t when=before load=$(load)" | tee -a "$RAW"
  local start=$SECONDS
  RLDT_JAVA_OPTS="${RLDT_JAVA_OPTS:-} -Drldt.threads=$t" taskset -c "$(cpus "$t")" "$RLDT" finetune \
    --preset hopper-cpu --seed 0 --run-dir "$dir" -q \
    --set loop.threads="$t" --set loop.iterations=$(( W + N )) --set loop.evalEvery=0 \
    --set actor.startIteration=-1 --set loop.evalEpisodes=1 --set loop.checkpointEvery=0 \
    >"$WORK/java-t$t.log" 2>&1 || { tail -20 "$WORK/java-t$t.log" >&2; exit 1; }
  echo "LOAD side=java threads=$t when=after load=$(load)" | tee -a "$RAW"
  echo "INFO side=java threads=$t wall_s=$(( SECONDS - start )) (JVM start, warm-up, final evaluation and report included)" | tee -a "$RAW"
  "$PY" - "$dir/timings.csv" "$W" "$N" "$t" <<'EOF' | tee -a "$RAW"
import csv, sys
path, w, n, t = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
for row in csv.DictReader(open(path)):
    i = int(row["iteration"])
    if not (w <= i < w + n) or not row.get("time/rollout_s"):
        continue
    f = lambda k: float(row[k]) if row.get(k) else 0.0
    phases = {"rollout": f("time/rollout_s"), "bootstrap": f("time/bootstrap_s"),
              "critic": f("time/critic_s") - f("time/bootstrap_s"), "actor": f("time/actor_s"),
              "iteration": f("time/iteration_s")}
    for k, v in phases.items():
        print(f"PHASE side=java phase={k} seconds={v:.4f} iteration={i} threads={t}")
    print(f"INFO side=java threads={t} iteration={i} peak_heap_mb={f('mem/peak_heap_mb'):.0f}")
EOF
}

run_python() { # threads
  local t=$1
  echo "LOAD side=python threads=$t when=before load=$(load)" | tee -a "$RAW"
  taskset -c "$(cpus "$t")" "$PY" jmh/iteration/rldt_iteration.py --threads "$t" --warmup "$W" --iterations "$N" \
    >"$WORK/python-t$t.log" 2>&1 || { tail -20 "$WORK/python-t$t.log" >&2; exit 1; }
  echo "LOAD side=python threads=$t when=after load=$(load)" | tee -a "$RAW"
  grep -E '^(PHASE|INFO python|INFO iteration)' "$WORK/python-t$t.log" \
    | sed -E 's/^INFO (python|iteration)/INFO side=python threads='"$t"' \1/' | tee -a "$RAW"
}

k=0
for t in $THREADS; do
  if (( k % 2 == 0 )); then run_java "$t"; run_python "$t"; else run_python "$t"; run_java "$t"; fi
  k=$(( k + 1 ))
done
echo "INFO load_end=$(load)" | tee -a "$RAW"
"$PY" jmh/iteration/summarize_iteration.py "$RAW" | tee "$MD"
echo "raw: $RAW  table: $MD  logs: $WORK"
