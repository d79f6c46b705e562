#!/usr/bin/env bash
# Java (jvm-simd) versus its peers -- PyTorch eager, torch.compile, JAX jit -- on the same workloads, on this
# machine, in one go.
#
#   jmh/compare-pytorch.sh [rounds (default 3)] [java warm-up s (default 3)] [python warm-up s (default 1)]
#                          [measure s (default 2)]
#
# Java needs the longer warm-up: Vector API code is only fast once C2 has compiled it. The Python peers' compile
# times (torch.compile, XLA) are taken before their warm-up and reported apart ("INFO compile" lines).
#
# Environment:
#   PEERS=torch,compile,jax   the peers to run besides Java (torch = PyTorch eager, compile = torch.compile,
#                             jax = JAX jit); default all three
#   ONLY=mlp,critic_step      workloads by name prefix (default: the GEMMs that set the matmul-bound limit, mlp,
#                             svgd, actor, critic, sac)
#   PYTHON=python3            an interpreter with torch >= 2 and jax (default: python3 on the PATH)
#   SKIP_BUILD=1              use jmh/target/benchmarks.jar as it is (no rebuild when sources are newer)
#
# Before the rounds, io.rldt.jmh.PeerReference writes the Java reference numbers (jmh/target/peer-reference, kept
# while it is newer than the jar); every peer starts from that state and checks itself against it before it times
# anything ("INFO check" lines; a failed check stops the comparison).
#
# For each round and each thread count T (1, 2) every side runs once, pinned to the same cores (taskset -c 0 at 1
# thread, taskset -c 0,1 at 2), in an order rotated every round:
#   java     io.rldt.jmh.PeerTimings --threads T     (the JMH benchmarks' own state classes, one JVM per workload)
#   torch    jmh/pytorch/workloads.py --impl eager    (torch.set_num_threads(T)); with a gemm_ workload also numpy's
#            GEMM [1024,256]x[256,256] with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (that command only)
#   compile  jmh/pytorch/workloads.py --impl compile
#   jax      jmh/pytorch/workloads_jax.py             (XLA_FLAGS thread flags; the affinity mask is what binds)
# PyTorch and numpy run with OMP_WAIT_POLICY=PASSIVE (override: OMP_WAIT_POLICY=... in the environment): on a
# shared 2-core box their default spinning OpenMP workers collapse at 2 threads (numpy GEMM 8 ms instead of
# 0.58 ms at load 3), which would flatter Java. Every measurement records /proc/loadavg before and after. Raw lines
# go to jmh/results/compare-<time>.txt, the table (medians over rounds) to compare-<time>.md and stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
JWARMUP=${2:-3}
PWARMUP=${3:-1}
MEASURE=${4:-2}
ONLY=${ONLY:-gemm_1024x256x256,gemm_256x512x512,gemm_256x256x256,mlp,svgd,actor,critic,sac}
PEERS=${PEERS:-torch,compile,jax}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PY=${PYTHON:-python3}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
JAR=jmh/target/benchmarks.jar
REF=jmh/target/peer-reference
for p in ${PEERS//,/ }; do
  [[ $p == torch || $p == compile || $p == jax ]] || { echo "PEERS: unknown peer '$p' (torch, compile, jax)" >&2; exit 2; }
done
if [[ ${SKIP_BUILD:-0} != 1 && ( ! -f $JAR || -n $(find engine autodiff kernels envs-bridge rldt jmh/src -newer "$JAR" -name '*.java' -print -quit) ) ]]; then
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
  echo "INFO OMP_WAIT_POLICY=$OMP_WAIT_POLICY (PyTorch, numpy) peers=$PEERS python=$("$PY" -c 'import sys; print(sys.version.split()[0])')"
  echo "INFO pinning: every side under taskset -c 0 at 1 thread, taskset -c 0,1 at 2 threads"
  echo "INFO load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')"
} >"$RAW"

# The Java reference the peers check against: written once (kept while newer than the jar).
if [[ ! -f $REF/COMPLETE || $JAR -nt $REF/COMPLETE ]]; then
  echo "writing the Java reference to $REF ..." >&2
  rm -rf "$REF"
  "$JAVA" -cp "$JAR" io.rldt.jmh.PeerReference --out "$REF" 2>/dev/null | sed 's/^/INFO reference /' | tee -a "$RAW"
fi

cores() { seq -s, 0 $(( $1 - 1 )); }   # threads -> the cores every side is pinned to: 1 -> 0, 2 -> 0,1

run_java() { # threads round; one JVM per workload, like JMH's forks (one JVM for all of them let the
             # earlier workloads' type profiles and deoptimizations slow the later ones by up to 3x)
  for w in ${ONLY//,/ }; do
    taskset -c "$(cores "$1")" "$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR" \
      io.rldt.jmh.PeerTimings --threads "$1" --warmup "$JWARMUP" --measure "$MEASURE" --only "$w" 2>/dev/null \
      | grep -v '^INFO' | sed "s/^/side=java threads=$1 round=$2 /" | tee -a "$RAW"
  done
}
ERR=${RAW%.txt}.stderr   # the peers' stderr (compiler warnings), shown when one fails
run_python() { # side threads round command...; a failed check makes the peer exit non-zero and stops the script
  local side=$1 t=$2 r=$3
  shift 3
  if ! taskset -c "$(cores "$t")" "$@" --threads "$t" --warmup "$PWARMUP" --measure "$MEASURE" --reference "$REF" \
      --only "$ONLY" 2>>"$ERR" | sed "s/^/side=$side threads=$t round=$r /" | tee -a "$RAW"; then
    tail -n 20 "$ERR" >&2
    echo "compare-pytorch.sh: side $side (threads $t, round $r) failed (a check or an error; stderr in $ERR)" >&2
    exit 1
  fi
}
run_side() { # side threads round
  case $1 in
    java) run_java "$2" "$3" ;;
    torch)
      run_python torch "$2" "$3" "$PY" jmh/pytorch/workloads.py --impl eager
      if [[ $ONLY == *gemm_* ]]; then
        taskset -c "$(cores "$2")" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" jmh/pytorch/workloads.py \
          --threads "$2" --warmup "$PWARMUP" --measure "$MEASURE" --reference "$REF" --only numpy_gemm \
          | sed "s/^/side=numpy threads=$2 round=$3 /" | tee -a "$RAW"
      fi ;;
    compile) run_python compile "$2" "$3" "$PY" jmh/pytorch/workloads.py --impl compile ;;
    jax) run_python jax "$2" "$3" "$PY" jmh/pytorch/workloads_jax.py ;;
  esac
}

SIDES=(java ${PEERS//,/ })
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order every round, so that no side always runs first (or right after the JVMs).
  shift_by=$(( (round - 1) % ${#SIDES[@]} ))
  order=("${SIDES[@]:shift_by}" "${SIDES[@]:0:shift_by}")
  for t in 1 2; do
    for side in "${order[@]}"; do run_side "$side" "$t" "$round"; done
  done
done
echo "INFO load_end=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')" >>"$RAW"
"$PY" jmh/tools/summarize_compare.py "$RAW" | tee "$MD"
echo "raw: $RAW  table: $MD"
