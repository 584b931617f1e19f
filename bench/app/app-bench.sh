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

# the window's JVM options, as ./peerwave starts it
GUI_OPTS=(-XX:+UseSerialGC -Xms16m -XX:MinHeapFreeRatio=15 -XX:MaxHeapFreeRatio=40)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

for mode in ${MODES-fake real}; do
  echo "== AppBench $mode, $N torrents, $SECONDS_RUN s" >&2
  xrun "$JAVA_HOME/bin/java" "${GUI_OPTS[@]}" --enable-native-access=ALL-UNNAMED,javafx.graphics --module-path "$mp" \
    --add-modules javafx.controls -Dlogback.configurationFile=/dev/null -cp "$cp" \
    org.peerwave.bench.app.AppBench "$mode" "$N" "$SECONDS_RUN" 2>/dev/null | grep '^|'
done

# ./peerwave builds (with `mvn install`) when a source is newer than its stamp: refuse instead.
stale=$(find "$ROOT/pom.xml" "$ROOT/engine" "$ROOT/media" "$ROOT/app" -name target -prune -o -type f \
  \( -name pom.xml -o -path '*/src/*' \) -newer "$ROOT/.peerwave-build-stamp" -print -quit 2>/dev/null || echo missing)
if [ "${STARTS}" -gt 0 ] && [ -n "$stale" ]; then
  echo "app-bench: the build is older than $stale; run without SKIP_BUILD=1" >&2
  exit 1
fi

# One X server for every start, so that its own start-up is not counted.
xvfb_pid=
if [ -z "${DISPLAY:-}" ]; then
  for d in $(seq 90 120); do [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ] || break; done
  Xvfb ":$d" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=:$d
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
fi
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null' EXIT

echo "== cold start with ./peerwave ($STARTS starts; the first one also writes the CDS archive)" >&2
for i in $(seq 1 "$STARTS"); do
  data=$(mktemp -d)
  printf 'listenPort=0\ndht=false\nlsd=false\nlistenAddress=127.0.0.1\ndefaultSaveDir=%s\n' "$data/dl" >"$data/settings.properties"
  out=$data/out.log
  t0=$(date +%s%N)
  # its own session, so that everything this run started can be stopped together
  # (in the data folder: a crash log, if any, stays out of the repository)
  (cd "$data" && PEERWAVE_DATA_DIR=$data XDG_RUNTIME_DIR=$data PEERWAVE_JAVA_OPTS="-Dpeerwave.dataDir=$data" \
    exec setsid "$ROOT/peerwave" >"$out" 2>&1) &
  pid=$!
  t1=
  for _ in $(seq 1 600); do
    if grep -q "started in" "$out" "$data"/logs/*.log 2>/dev/null; then t1=$(date +%s%N); break; fi
    sleep 0.01
  done
  jpid=$(pgrep -s "$pid" -f 'org.peerwave.app.Main' | head -1 || true)
  # CPU time the process used up to the window (user + system, all threads), less sensitive to load
  cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$jpid/stat" 2>/dev/null || echo '?')
  own=$(grep -ho "started in [0-9]* ms" "$out" "$data"/logs/*.log 2>/dev/null | head -1 || true)
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "| start $i | process start to window: $(( (t1 - t0) / 1000000 )) ms | CPU ${cpu} ms | app: $own | load avg $load |"
  # end the app itself first (a normal exit lets the JVM write its CDS archive), then the session
  [ -n "$jpid" ] && kill "$jpid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
