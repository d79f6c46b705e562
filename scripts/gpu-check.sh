#!/usr/bin/env bash
# The GPU check: one command on the GPU machine (no Java, no network), at most 9 minutes (the parts' limits).
#   scripts/gpu-check.sh [carry-dir]      (default: gpu-carry, made by scripts/prepare-gpu-carry.sh)
# 1. unpacks the carried jlink runtime; 2. finds the CUDA libraries (driver, NVRTC, cuBLAS from the nvidia-* pip
# wheels); 3. the resident backend's @Tag("gpu") tests (every primitive on resident operands, the contract suite and
# the autodiff golden cases on cuda-device, a tiny RLDT run in kernel-check mode), each launch synchronised;
# 4. times RLDT training iterations of the gym-paper preset with real MuJoCo rollouts on cuda-device, with phases,
# per-step times, transfers and peak device memory (io.rldt.cuda.DeviceTiming); 5. the heap-tensor cuda backend's
# tests (contract suite, cuBLAS GEMM and elementwise kernels, the SVGD field) and its benchmark (GEMM at the
# network's shapes with 25600 rows, an actor-step-like workload, the field at B = 25600); 6. the same timing on the
# machine's CPU cores (jvm-simd, one round: the per-step shapes are the same).
# Each part runs in its own JVM with its own time limit; full logs go to $OUT (or /tmp/rldt-gpu-check); the exit
# status is non-zero if a part failed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CARRY=${1:-$ROOT/gpu-carry}
case "$CARRY" in /*) ;; *) CARRY=$ROOT/$CARRY ;; esac
# time limits (seconds) of the parts, in the order they run: 150 + 150 + 60 + 60 + 120 = 540
T_RESIDENT=${RLDT_GPU_RESIDENT_TIMEOUT:-150}
T_TIMING_GPU=${RLDT_GPU_TIMING_TIMEOUT:-150}
T_TESTS=${RLDT_GPU_TEST_TIMEOUT:-60}
T_BENCH=${RLDT_GPU_BENCH_TIMEOUT:-60}
T_TIMING_CPU=${RLDT_CPU_TIMING_TIMEOUT:-120}
START=$(date +%s)
log() { echo "[gpu-check +$(( $(date +%s) - START ))s] $*"; }
status=0

# ---- 1. Java
if [ ! -d "$CARRY/lib" ]; then
  log "FATAL: carry folder $CARRY/lib not found. Run scripts/prepare-gpu-carry.sh on the build machine and carry gpu-carry/."
  exit 2
fi
JRE=${RLDT_JRE:-/tmp/rldt-jre}
if [ ! -x "$JRE/jre/bin/java" ]; then
  log "unpacking $CARRY/jre.tar.xz to $JRE"
  mkdir -p "$JRE"
  if ! tar -C "$JRE" -xJf "$CARRY/jre.tar.xz" 2>/dev/null; then
    log "tar -xJf failed (no xz?); unpacking with python3's tarfile"
    python3 -c "import tarfile,sys; tarfile.open(sys.argv[1],'r:xz').extractall(sys.argv[2])" "$CARRY/jre.tar.xz" "$JRE" \
      || { log "FATAL: cannot unpack the Java runtime"; exit 2; }
  fi
fi
JAVA=$JRE/jre/bin/java
"$JAVA" -version 2>&1 | sed 's/^/    /' || { log "FATAL: the carried java does not run"; exit 2; }

# ---- 2. CUDA libraries
log "GPU:"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/    /' \
  || log "WARNING: nvidia-smi failed"
if [ -z "${RLDT_CUDA_LIB_PATH:-}" ]; then
  RLDT_CUDA_LIB_PATH=$(python3 - <<'PY' 2>/dev/null
import glob, os, site
roots = []
try: roots += site.getsitepackages()
except Exception: pass
try: roots.append(site.getusersitepackages())
except Exception: pass
dirs = []
for r in roots:
    for d in sorted(glob.glob(os.path.join(r, "nvidia", "**", "lib"), recursive=True), reverse=True):
        if d not in dirs: dirs.append(d)
print(":".join(dirs))
PY
  )
fi
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib; do
  [ -d "$d" ] && RLDT_CUDA_LIB_PATH=${RLDT_CUDA_LIB_PATH:+$RLDT_CUDA_LIB_PATH:}$d
done
export RLDT_CUDA_LIB_PATH
export LD_LIBRARY_PATH=${RLDT_CUDA_LIB_PATH}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
log "RLDT_CUDA_LIB_PATH=$RLDT_CUDA_LIB_PATH"
for pat in 'libcublas.so.*' 'libcublasLt.so.*' 'libnvrtc.so.*' 'libnvrtc-builtins.so.*'; do
  hit=$(IFS=:; for d in $RLDT_CUDA_LIB_PATH; do ls "$d"/$pat 2>/dev/null; done | head -3 | tr '\n' ' ')
  log "  $pat: ${hit:-MISSING (install the matching nvidia-* pip package or set RLDT_CUDA_LIB_PATH)}"
done
ls /usr/lib/x86_64-linux-gnu/libcuda.so.1 >/dev/null 2>&1 && log "  libcuda.so.1: /usr/lib/x86_64-linux-gnu" \
  || log "  libcuda.so.1: not in /usr/lib/x86_64-linux-gnu (the loader may still find it)"

CP=$(ls "$CARRY"/lib/*.jar | tr '\n' ':')
[ -d "$CARRY/native" ] && export LD_LIBRARY_PATH=$CARRY/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
JFLAGS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss4m -Xmx24g -Drldt.plots=false)

# Every part writes its whole output to $LOGS (the device tool's $OUT when set: those files come back); the
# terminal gets the summaries. Parts run in separate JVMs, most informative first: a kernel fault breaks the CUDA
# context of its process, and the time limit may cut the last parts.
LOGS=${OUT:-/tmp/rldt-gpu-check}
mkdir -p "$LOGS"
log "full logs in $LOGS"

junit() { # name limit extra-jvm-flags... -- classes...
  local name=$1 limit=$2; shift 2
  local flags=() classes=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done; shift
  for c in "$@"; do classes+=(--select-class "$c"); done
  log "$name (limit ${limit}s)"
  timeout --kill-after=10 "$limit" "$JAVA" "${JFLAGS[@]}" "${flags[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher \
    execute --class-path "$CP" "${classes[@]}" --include-tag gpu --fail-if-no-tests --details=tree --disable-banner \
    --disable-ansi-colors --details-theme=ascii > "$LOGS/$name.log" 2>&1
  local rc=$?
  grep -E '\[X\]|tests (successful|failed|aborted|skipped)|Exception|Error:' "$LOGS/$name.log" | grep -v 'incubator' | head -40
  local skipped
  skipped=$(sed -n 's/^\[ *\([0-9]*\) tests \(skipped\|aborted\).*/\1/p' "$LOGS/$name.log" | awk '{s+=$1} END {print s+0}')
  if [ "$rc" = 0 ] && [ "${skipped:-0}" != 0 ]; then
    log "$name: $skipped SKIPPED (no usable CUDA here; the reason is in $LOGS/$name.log)"; rc=3
  fi
  case $rc in
    0) log "$name: PASSED" ;;
    124|137) log "$name: TIMED OUT after ${limit}s"; status=1 ;;
    *) log "$name: FAILED (exit $rc)"; status=1 ;;
  esac
}

run_part() { # name limit class args...
  local name=$1 limit=$2; shift 2
  log "$name (limit ${limit}s)"
  timeout --kill-after=10 "$limit" "$JAVA" "${JFLAGS[@]}" -cp "$CP" "$@" 2>&1 \
    | grep -v -e 'incubator modules' -e '^WARNING' -e 'io.rldt.engine.Residency' -e 'INFO: rldt' | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]}
  case $rc in
    0) log "$name: done" ;;
    124|137) log "$name: TIMED OUT after ${limit}s"; status=1 ;;
    *) log "$name: FAILED (exit $rc)"; status=1 ;;
  esac
}

# ---- 3. the resident backend's correctness, every launch synchronised (a fault names its kernel)
junit resident-tests "$T_RESIDENT" -Drldt.cuda.sync=true -Drldt.plots=false -- io.rldt.cuda.CudaDeviceBackendTest \
  io.rldt.cuda.CudaDeviceContractTest io.rldt.autodiff.GoldenOnCudaDeviceTest io.rldt.cuda.CudaTrainingCheckTest

# ---- 4. training timing on the GPU (gym-paper, real MuJoCo rollouts)
run_part timing-cuda-device "$T_TIMING_GPU" io.rldt.cuda.DeviceTiming cuda-device 2 "loop.threads=$(nproc)"

# ---- 5. the heap-tensor backend's tests and the kernel benchmark (both passed on the H100 before)
junit cuda-tests "$T_TESTS" -- io.rldt.cuda.CudaTransportFieldTest io.rldt.cuda.CudaGemmAndElementwiseTest \
  io.rldt.cuda.CudaBackendContractTest
run_part gpubench "$T_BENCH" io.rldt.cuda.GpuBench 1.0

# ---- 6. the same training timing on the CPU cores: one iteration (iteration 0: its first steps include the JIT's
# compilation, which favours the GPU a little) of one round (a whole gym-paper iteration takes minutes on CPU
# cores; the per-step shapes are the same)
run_part timing-cpu "$T_TIMING_CPU" io.rldt.cuda.DeviceTiming "jvm-simd-$(nproc)" 1 "loop.threads=$(nproc)" loop.rounds=1
log "finished, status $status"
exit $status
