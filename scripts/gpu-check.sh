#!/usr/bin/env bash
# The GPU check: one command on the GPU machine (no Java, no network), under 10 minutes.
#   scripts/gpu-check.sh [carry-dir]      (default: gpu-carry, made by scripts/prepare-gpu-carry.sh)
# 1. unpacks the carried jlink runtime; 2. finds the CUDA libraries (driver, NVRTC, cuBLAS from the nvidia-* pip
# wheels); 3. runs the @Tag("gpu") tests (CUDA backend contract suite, cuBLAS GEMM and elementwise kernels vs the
# JVM reference, SVGD field vs the reference field); 4. runs the benchmark (GEMM at the network's shapes with
# 25600 rows, an actor-step-like workload, the SVGD field at B = 25600) and prints its tables; 5. times RLDT training
# iterations of the gym-paper preset with real MuJoCo rollouts on the resident device backend (cuda-device) and on
# the machine's CPU cores (jvm-simd, one round: the per-step shapes are the same), with phases, per-step times,
# transfers and peak device memory (io.rldt.cuda.DeviceTiming).
# Each part has its own time limit; everything is printed; the exit status is non-zero if a part failed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CARRY=${1:-$ROOT/gpu-carry}
case "$CARRY" in /*) ;; *) CARRY=$ROOT/$CARRY ;; esac
T_TESTS=${RLDT_GPU_TEST_TIMEOUT:-200}
T_BENCH=${RLDT_GPU_BENCH_TIMEOUT:-120}
T_TIMING_GPU=${RLDT_GPU_TIMING_TIMEOUT:-180}
T_TIMING_CPU=${RLDT_CPU_TIMING_TIMEOUT:-180}
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
JFLAGS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss4m -Xmx24g)

# ---- 3. GPU tests
log "GPU tests (limit ${T_TESTS}s)"
timeout --kill-after=10 "$T_TESTS" "$JAVA" "${JFLAGS[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute \
  --class-path "$CP" --select-class io.rldt.cuda.CudaTransportFieldTest \
  --select-class io.rldt.cuda.CudaGemmAndElementwiseTest --select-class io.rldt.cuda.CudaBackendContractTest \
  --select-class io.rldt.cuda.CudaDeviceBackendTest --select-class io.rldt.cuda.CudaDeviceContractTest \
  --select-class io.rldt.cuda.CudaTrainingCheckTest --select-class io.rldt.autodiff.GoldenOnCudaDeviceTest \
  --include-tag gpu --fail-if-no-tests --details=tree --disable-banner --disable-ansi-colors \
  --details-theme=ascii 2>&1 | grep -v 'incubator modules' | tee /tmp/rldt-gpu-tests.log
rc=${PIPESTATUS[0]}
skipped=$(sed -n 's/^\[ *\([0-9]*\) tests \(skipped\|aborted\).*/\1/p' /tmp/rldt-gpu-tests.log | awk '{s+=$1} END {print s+0}')
if [ "$rc" = 0 ] && [ "${skipped:-0}" != 0 ]; then
  log "GPU tests: $skipped SKIPPED (no usable CUDA here; the reason is printed above)"; rc=3
fi
case $rc in
  0) log "GPU tests: PASSED" ;;
  124|137) log "GPU tests: TIMED OUT after ${T_TESTS}s"; status=1 ;;
  *) log "GPU tests: FAILED (exit $rc)"; status=1 ;;
esac

# ---- 4. benchmark
log "benchmark (limit ${T_BENCH}s)"
timeout --kill-after=10 "$T_BENCH" "$JAVA" "${JFLAGS[@]}" -cp "$CP" io.rldt.cuda.GpuBench 1.0 2>&1 | grep -v 'incubator modules'
rc=${PIPESTATUS[0]}
case $rc in
  0) log "benchmark: done" ;;
  124|137) log "benchmark: TIMED OUT after ${T_BENCH}s"; status=1 ;;
  *) log "benchmark: FAILED (exit $rc)"; status=1 ;;
esac
# ---- 5. training timing (gym-paper, real MuJoCo rollouts)
timing() { # limit backend args...
  local limit=$1; shift
  log "training timing on $1 (limit ${limit}s)"
  timeout --kill-after=10 "$limit" "$JAVA" "${JFLAGS[@]}" -cp "$CP" io.rldt.cuda.DeviceTiming "$@" 2>&1 \
    | grep -v -e 'incubator modules' -e '^WARNING' -e 'io.rldt.engine.Residency' -e 'INFO: rldt'
  local rc=${PIPESTATUS[0]}
  case $rc in
    0) log "training timing on $1: done" ;;
    124|137) log "training timing on $1: TIMED OUT after ${limit}s"; status=1 ;;
    *) log "training timing on $1: FAILED (exit $rc)"; status=1 ;;
  esac
}
timing "$T_TIMING_GPU" cuda-device 2 "loop.threads=$(nproc)"
# The CPU runs one iteration (iteration 0: its first steps include the JIT's compilation, which favours the GPU
# a little) of one round: a whole gym-paper iteration takes minutes on CPU cores; the per-step shapes are the same.
timing "$T_TIMING_CPU" "jvm-simd-$(nproc)" 1 "loop.threads=$(nproc)" loop.rounds=1
log "finished, status $status"
exit $status
