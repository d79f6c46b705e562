#!/usr/bin/env bash
# Java (jvm-simd) versus PyTorch CPU on the same workloads, on this machine, in one go.
#
#   jmh/compare-pytorch.sh [rounds (default 3)] [java warm-up s (default 3)] [python warm-up s (default 1)]
#                          [measure s (default 2)]
#
# Java needs the longer warm-up: Vector API code is only fast once C2 has compiled it.
#
# For each round and each thread count (1, 2) it runs, interleaved (the order flips every round):
#   java  io.rldt.jmh.PeerTimings --threads T           (the JMH benchmarks' own state classes)
#   python3 jmh/pytorch/workloads.py --threads T        (torch.set_num_threads(T))
#   numpy GEMM [1024,256]x[256,256] (only when ONLY includes gemm_) with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (that command only)
# PyTorch and numpy run with OMP_WAIT_POLICY=PASSIVE (override: OMP_WAIT_POLICY=... in the environment): on a
# shared 2-core box their default spinning OpenMP workers collapse at 2 threads (numpy GEMM 8 ms instead of
# 0.58 ms at load 3), which would flatter Java. Every measurement records /proc/loadavg before and after. Raw lines go to
# jmh/results/compare-<time>.txt, the table (medians over rounds) to compare-<time>.md and stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
JWARMUP=${2:-3}
PWARMUP=${3:-1}
MEASURE=${4:-2}
# GEMM: the target shape plus the two others that give the best rate (the matmul-bound limit's denominator).
# ONLY=... in the environment picks workloads by name prefix (e.g. ONLY=gemm_1024x256x256,sac; the GEMM lines
# give the matmul-bound limit its denominator).
ONLY=${ONLY:-gemm_1024x256x256,gemm_256x512x512,gemm_256x256x256,mlp,svgd,actor,critic,sac}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PY=${PYTHON:-/usr/bin/python3}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
JAR=jmh/target/benchmarks.jar
if [[ ! -f $JAR || -n $(find engine autodiff kernels envs-bridge rldt jmh/src -newer "$JAR" -name '*.java' -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -B -q -ntp -pl jmh -am package -DskipTests
fi
mkdir -p jmh/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=jmh/results/compare-$STAMP.txt
MD=jmh/results/compare-$STAMP.md
{
  echo "INFO date=$STAMP cpu=$(lscpu | sed -n 's/^Model name: *//p' | tr ' ' '_') cores=$(nproc) jdk=$("$JAVA" -version 2>&1 | head -1 | tr ' ' '_')"
  echo "INFO $("$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" io.rldt.jmh.MachineInfo 2>/dev/null | tr ' ' '_')"
  echo "INFO OMP_WAIT_POLICY=$OMP_WAIT_POLICY (PyTorch, numpy)"
  echo "INFO load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')"
} >"$RAW"

run_java() { # threads round; one JVM per workload, like JMH's forks (one JVM for all of them let the
             # earlier workloads' type profiles and deoptimizations slow the later ones by up to 3x)
  for w in ${ONLY//,/ }; do
    "$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR" \
      io.rldt.jmh.PeerTimings --threads "$1" --warmup "$JWARMUP" --measure "$MEASURE" --only "$w" 2>/dev/null \
      | grep -v '^INFO' | sed "s/^/side=java threads=$1 round=$2 /" | tee -a "$RAW"
  done
}
run_torch() {
  "$PY" jmh/pytorch/workloads.py --threads "$1" --warmup "$PWARMUP" --measure "$MEASURE" \
    --only "$ONLY" | sed "s/^/side=torch threads=$1 round=$2 /" | tee -a "$RAW"
  [[ $ONLY == *gemm_* ]] || return 0
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" jmh/pytorch/workloads.py --threads "$1" \
    --warmup "$PWARMUP" --measure "$MEASURE" --only numpy_gemm | sed "s/^/side=numpy threads=$1 round=$2 /" | tee -a "$RAW"
}

# Same workload, same numbers: the PyTorch field must equal the Java reference field.
"$PY" jmh/pytorch/check_svgd.py "$JAVA" "$JAR" | sed 's/^/INFO check /' | tee -a "$RAW"

for round in $(seq 1 "$ROUNDS"); do
  for t in 1 2; do
    if (( round % 2 == 1 )); then run_java "$t" "$round"; run_torch "$t" "$round"
    else run_torch "$t" "$round"; run_java "$t" "$round"; fi
  done
done
echo "INFO load_end=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')" >>"$RAW"
"$PY" jmh/tools/summarize_compare.py "$RAW" | tee "$MD"
echo "raw: $RAW  table: $MD"
