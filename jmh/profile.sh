#!/usr/bin/env bash
# JFR profile of one PeerTimings workload: prints the hottest Java methods (jdk.ExecutionSample).
#
#   jmh/profile.sh actor_step [threads=1] [seconds=8]
#
# Workload names: gemm_<MxKxN>, mlp_velocity, mlp_critic, svgd_p8_d24, actor_step, critic_step, sac_step.
# The recording stays in jmh/results/profile-<workload>-<threads>t.jfr for `jfr print --events jdk.ExecutionSample`.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?workload}; T=${2:-1}; S=${3:-8}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mkdir -p jmh/results
REC=jmh/results/profile-$W-${T}t.jfr
# DebugNonSafepoints: without it JFR attributes a sample to the nearest safepoint's debug info, which in vector
# loops is often a bounds-check or mask helper that never runs (AbstractMask.checkIndexByLane, HashMap.hash...)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -XX:StartFlightRecording=filename=$REC,settings=profile -cp jmh/target/benchmarks.jar \
  io.rldt.jmh.PeerTimings --threads "$T" --only "$W" --warmup 3 --measure "$S" 2>/dev/null | grep RESULT
"$JAVA_HOME/bin/jfr" view --width 150 hot-methods "$REC" | head -20
echo
"$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$REC" | python3 jmh/tools/jfr_breakdown.py
