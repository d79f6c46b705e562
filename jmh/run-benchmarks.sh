#!/usr/bin/env bash
# Runs the JMH suite with short settings sized for a small shared machine (2 cores), prints the JDK and CPU
# with the figures, and writes JSON results under jmh/results/.
#
#   jmh/run-benchmarks.sh            the whole suite (about 8 minutes on 2 cores) + MuJoCo Java vs C
#   jmh/run-benchmarks.sh REGEX      only the benchmarks matching REGEX (JMH syntax), e.g. 'GemmBench|SvgdBench'
#   jmh/run-benchmarks.sh mujoco     only the MuJoCo Java-vs-C comparison
#
# Per-class warm-up/measurement settings are in the benchmark annotations (1 fork each). Plain `jvm` GEMM
# runs on the small shapes only. MuJoCo benchmarks are left out when libmujoco is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
FLAGS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
JAR=jmh/target/benchmarks.jar
if [[ ! -f $JAR || -n $(find engine autodiff kernels envs-bridge rldt jmh/src -newer "$JAR" -name '*.java' -print -quit) ]]; then
  echo "building $JAR ..." >&2
  mvn -B -q -ntp -pl jmh -am package -DskipTests
fi
mkdir -p jmh/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
CPU=$(lscpu | sed -n 's/^Model name: *//p')
echo "== $(date -u)  CPU: $CPU, $(nproc) cores  JDK: $("$JAVA" -version 2>&1 | head -1)"
echo "== $("$JAVA" "${FLAGS[@]}" -cp "$JAR" io.rldt.jmh.MachineInfo 2>/dev/null)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
MUJOCO=$("$JAVA" "${FLAGS[@]}" -cp "$JAR" io.rldt.jmh.MujocoCheck 2>/dev/null || true)
echo "== MuJoCo: ${MUJOCO:-unavailable}"
ENV_PARAMS=()
[[ $MUJOCO == available* ]] || ENV_PARAMS=(-p env=Pendulum-v1,MountainCarContinuous-v0,BimodalBandit-v0)

jmh() { # name, JMH args...
  local name=$1; shift
  "$JAVA" "${FLAGS[@]}" -jar "$JAR" "$@" -f 1 -rf json -rff "jmh/results/jmh-$STAMP-$name.json" 2>&1 \
    | grep -vE '^WARNING|^# (JMH|VM|Blackhole|Warmup|Measurement|Timeout|Threads|Benchmark mode)' || true
}

mujoco_vs_c() {
  [[ $MUJOCO == available* ]] || { echo "MuJoCo unavailable: skipping the Java-vs-C comparison"; return; }
  command -v mujoco-testspeed >/dev/null || { echo "mujoco-testspeed missing (package libmujoco-samples)"; return; }
  local dir; dir=$(mktemp -d)
  "$JAVA" "${FLAGS[@]}" -cp "$JAR" io.rldt.jmh.WriteMujocoModels "$dir" >/dev/null 2>&1
  local out=jmh/results/mujoco-$STAMP.txt
  echo "== MuJoCo, single thread: C mujoco-testspeed vs Java (load $(cut -d' ' -f1 /proc/loadavg))" | tee "$out"
  declare -A C
  for m in hopper walker2d half_cheetah; do
    best=0
    for rep in 1 2 3; do # best of 3, like StepSpeed
      sps=$(cd "$dir" && mujoco-testspeed "$m.xml" 50000 1 0.01 | sed -n 's/.*Steps per second *: *//p')
      (( sps > best )) && best=$sps
    done
    C[$m]=$best
  done
  java_out=$("$JAVA" "${FLAGS[@]}" -cp "$JAR" io.rldt.envs.mujoco.StepSpeed 10000 50000 2>/dev/null)
  echo "$java_out" >>"$out"
  printf '| task | C mj_step/s | Java raw mj_step/s | Java/C | Java env steps/s | × frame skip = mj_step/s | env/C |\n|---|---|---|---|---|---|---|\n' | tee -a "$out"
  for pair in Hopper-v4:hopper Walker2d-v4:walker2d HalfCheetah-v4:half_cheetah; do
    id=${pair%%:*}; m=${pair##*:}
    line=$(grep "^$id " <<<"$java_out")
    raw=$(sed -E 's/.*raw mj_step\/s *([0-9,]+).*/\1/' <<<"$line" | tr -d ,)
    env=$(sed -E 's/.*env steps\/s *([0-9,]+).*/\1/' <<<"$line" | tr -d ,)
    envmj=$(sed -E 's/.*\(= *([0-9,]+) mj_step.*/\1/' <<<"$line" | tr -d ,)
    python3 -c "c,r,e,em=$((C[$m])),$raw,$env,$envmj; print(f'| $id | {c:,} | {r:,} | {r/c:.2f} | {e:,} | {em:,} | {em/c:.2f} |')" | tee -a "$out"
  done
  rm -rf "$dir"
}

if [[ $# -ge 1 && $1 == mujoco ]]; then
  mujoco_vs_c
elif [[ $# -ge 1 ]]; then
  if [[ $1 == *Env* ]]; then jmh custom "$1" "${ENV_PARAMS[@]}"; else jmh custom "$1"; fi
else
  jmh gemm-simd GemmBench -p backend=jvm-simd-1,jvm-simd-2
  jmh gemm-jvm GemmBench -p backend=jvm -p shape=64x256x256,256x57x512,256x41x256
  jmh mlp MlpBench
  jmh svgd-fast SvgdBench -p impl=fast
  jmh svgd-ref SvgdBench -p impl=reference -p threads=1   # single-threaded by design
  jmh step RldtStepBench
  jmh sac SacStepBench
  jmh env EnvStepBench "${ENV_PARAMS[@]}"
  mujoco_vs_c
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if compgen -G "jmh/results/jmh-$STAMP-*.json" >/dev/null; then
  python3 jmh/tools/summarize_jmh.py jmh/results/jmh-"$STAMP"-*.json | tee "jmh/results/jmh-$STAMP.md"
  echo "JSON: jmh/results/jmh-$STAMP-*.json  table: jmh/results/jmh-$STAMP.md"
fi
