#!/usr/bin/env bash
# The desktop app's figures (bench/results/2026-11-25-app.md):
#   1. JavaFX-thread stalls and RSS with 1,000 torrents (AppBench, modes fake and real);
#   2. cold start: process start to the window shown, with ./peerwave (log line "started in").
# Runs under Xvfb when there is no display. Builds with `package` (never `install`), then marks
# the ./peerwave build stamp fresh so that the script does not build again.
#
# Usage: bench/app/app-bench.sh [torrents=1000] [seconds=60] [starts=5]
# Environment: SKIP_BUILD=1 (use the last build), MODES="fake" (AppBench modes; empty: none)
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
N=${1:-1000}
SECONDS_RUN=${2:-60}
STARTS=${3:-5}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -o package -pl engine,media,app,bench -DskipTests -Dpeerwave.skipFuzz=true
  touch "$ROOT/.peerwave-build-stamp"
fi

LIB=$ROOT/app/target/lib
mp=; cp=$ROOT/bench/target/classes:$ROOT/app/target/peerwave-app.jar
for jar in "$LIB"/*.jar; do
  name=${jar##*/}
  case $name in
    javafx-*) [[ $name =~ ^javafx-[a-z]+-[0-9][^-]*-[A-Za-z0-9_-]+\.jar$ ]] && mp=${mp:+$mp:}$jar ;;
    *) cp=$cp:$jar ;;
  esac
done

xrun() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1920x1080x24" "$@"; fi
}

for mode in ${MODES-fake real}; do
  echo "== AppBench $mode, $N torrents, $SECONDS_RUN s" >&2
  xrun "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED,javafx.graphics --module-path "$mp" \
    --add-modules javafx.controls -Dlogback.configurationFile=/dev/null -cp "$cp" \
    org.peerwave.bench.app.AppBench "$mode" "$N" "$SECONDS_RUN" 2>/dev/null | grep '^|'
done

echo "== cold start with ./peerwave ($STARTS starts; the first one also writes the CDS archive)" >&2
for i in $(seq 1 "$STARTS"); do
  data=$(mktemp -d)
  printf 'listenPort=0\ndht=false\nlistenAddress=127.0.0.1\ndefaultSaveDir=%s\n' "$data/dl" >"$data/settings.properties"
  out=$data/out.log
  t0=$(date +%s%N)
  # its own session, so that everything this run started can be stopped together
  PEERWAVE_DATA_DIR=$data XDG_RUNTIME_DIR=$data PEERWAVE_JAVA_OPTS="-Dpeerwave.dataDir=$data" setsid bash -c "$(declare -f xrun); xrun \"$ROOT/peerwave\"" \
    >"$out" 2>&1 &
  pid=$!
  t1=
  for _ in $(seq 1 600); do
    if grep -q "started in" "$out" "$data"/logs/*.log 2>/dev/null; then t1=$(date +%s%N); break; fi
    sleep 0.01
  done
  own=$(grep -ho "started in [0-9]* ms" "$out" "$data"/logs/*.log 2>/dev/null | head -1 || true)
  echo "| start $i | process start to window: $(( (t1 - t0) / 1000000 )) ms | app: $own |"
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
