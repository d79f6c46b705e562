#!/usr/bin/env bash
# Builds engine-cuda (and what it needs) here and assembles the folder that travels to the GPU machine, which has
# no Java and no network: gpu-carry/ at the repository root (git-ignored). Prints its size.
#   scripts/prepare-gpu-carry.sh            # then: scripts/gpu-check.sh on the GPU machine
# Contents: jre.tar.xz (a jlink runtime of 6 modules, xz-compressed), lib/*.jar (engine, kernels, engine-cuda and
# their test classes, the modules and libraries its tests and DeviceTiming use: autodiff, envs-bridge, rldt and its
# dependencies, EJML; the JUnit console launcher), native/ (MuJoCo 2.2.2 and the four libraries it links, for the
# training timing's rollouts). No CUDA binding jar: engine-cuda reaches CUDA through the JDK's FFM API (see
# engine-cuda/README.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CARRY=$ROOT/gpu-carry
JUNIT_CONSOLE=1.14.1   # matches junit 5.14.1 in the root pom

echo "== building engine-cuda and the modules it needs (tests compiled, not run; installed for the copy below)"
mvn -B -q -ntp -pl engine-cuda -am install -DskipTests

rm -rf "$CARRY"
mkdir -p "$CARRY/lib" "$CARRY/native"
cp engine-cuda/target/engine-cuda-0.1.0-SNAPSHOT.jar engine/target/engine-0.1.0-SNAPSHOT-tests.jar \
   autodiff/target/autodiff-0.1.0-SNAPSHOT-tests.jar "$CARRY/lib/"
"$JAVA_HOME/bin/jar" cf "$CARRY/lib/engine-cuda-tests.jar" -C engine-cuda/target/test-classes .

echo "== test dependencies (engine, kernels, autodiff, envs-bridge, rldt and their libraries but the plotting ones; EJML; the JUnit console launcher)"
mvn -B -q -ntp -f engine-cuda/pom.xml dependency:copy-dependencies -DincludeScope=test \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,org.knowm.xchart,org.apache.pdfbox,de.erichseifert.vectorgraphics2d,de.rototor.pdfbox,com.madgag \
    -DexcludeTypes=test-jar -DoutputDirectory="$CARRY/lib"

echo "== MuJoCo for the timing's rollouts"
MJ=/usr/lib/x86_64-linux-gnu
for f in libmujoco.so.2.2.2 libccd.so.2 liblodepng.so.0 libqhull_r.so.8.0 libtinyxml2.so.9; do
  src=$(ls "$MJ/$f" /lib/x86_64-linux-gnu/$f 2>/dev/null | head -1)
  if [ -n "$src" ]; then cp -L "$src" "$CARRY/native/$f"; else echo "   $f missing (apt-get install libmujoco-dev): the timing's rollouts will fail" >&2; fi
done
mvn -B -q -ntp dependency:copy -N \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE -DoutputDirectory="$CARRY/lib"

echo "== jlink runtime"
TMP=$(mktemp -d)
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs \
    --strip-debug --no-man-pages --no-header-files --output "$TMP/jre" 2>&1 | grep -v 'incubator modules' || true
# Uncompressed modules + xz compress far better than jlink's zip-9 (about 14 MiB instead of 45 MiB).
echo "   jlink image: $(du -sh "$TMP/jre" | cut -f1) uncompressed"
tar -C "$TMP" -cJf "$CARRY/jre.tar.xz" jre
rm -rf "$TMP"

echo "== smoke: the carried runtime, jars and MuJoCo run DeviceTiming here (tiny sizes; jvm-simd, cuda-emulated)"
SMOKE=$(mktemp -d)
tar -C "$SMOKE" -xJf "$CARRY/jre.tar.xz"
for be in jvm-simd-1 cuda-emulated; do
  if ! LD_LIBRARY_PATH="$CARRY/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$SMOKE/jre/bin/java" \
      --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Drldt.plots=false \
      -cp "$(ls "$CARRY"/lib/*.jar | tr '\n' ':')" io.rldt.cuda.DeviceTiming "$be" 2 loop.envs=4 loop.chunkSteps=20 \
      loop.rounds=1 critic.stepsPerRound=2 actor.stepsPerRound=1 loop.bufferIterations=1 pretrain.steps=2 \
      policy.hidden=64 critic.hidden=64 loop.threads=1 > "$SMOKE/$be.log" 2>&1; then
    cat "$SMOKE/$be.log" >&2
    echo "SMOKE FAILED on $be: the carry is incomplete" >&2
    exit 1
  fi
  grep -E '^iteration 1|transfers' "$SMOKE/$be.log" | sed "s/^/   $be: /"
done
rm -rf "$SMOKE"

echo "== gpu-carry/"
ls -la "$CARRY" "$CARRY/lib"
carry=$(du -sb "$CARRY" | cut -f1)
tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
total=$((carry + tracked))
printf 'carry %.1f MiB + tracked tree %.1f MiB = %.1f MiB (limit: 64 MiB, target < 60)\n' \
    "$(echo "$carry/1048576" | bc -l)" "$(echo "$tracked/1048576" | bc -l)" "$(echo "$total/1048576" | bc -l)"
if [ "$total" -ge $((60 * 1048576)) ]; then echo "TOO LARGE" >&2; exit 1; fi
