#!/usr/bin/env bash
# Install test of Peerwave's .deb, as a user would meet it. .ci/run runs it as root on Debian after
# `./mvnw -Pinstallers verify` built installers/target/peerwave_*.deb:
#   - `apt-get install ./peerwave_*.deb` resolves its dependencies (libvlc, GTK);
#   - the desktop entry and AppStream data validate, and `xdg-mime query default` names Peerwave's
#     desktop file for magnet links and .torrent files;
#   - the installed `peerwave` prints its version;
#   - under Xvfb, `xdg-open 'magnet:?…'` starts Peerwave (with its AOT cache mapped) and the torrent
#     shows in `peerwave list`; a second `xdg-open file.torrent` reaches the same running window;
#   - `apt-get purge` leaves nothing of the package behind (user data aside).
# Every check is reported; the script exits 1 when one failed. The results also go to a JUnit XML
# report (installers/target/surefire-reports), which .ci/run's summary counts.
#
# User-level state (HOME, XDG directories, the instance socket) lives in a temporary folder.
# PW_MEASURE=N also times N cold starts of the window with and without the AOT cache (no check).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd -P)
cd "$ROOT"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive

APP_ID=org.peerwave.Peerwave
DESKTOP=$APP_ID.desktop
REPORT_DIR=$ROOT/installers/target/surefire-reports
REPORT=$REPORT_DIR/TEST-org.peerwave.installers.InstallTest.xml
VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
MAGNET_HASH=5f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6
MAGNET="magnet:?xt=urn:btih:$MAGNET_HASH&dn=peerwave-install-test"

log() { printf '[install-test] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test: run as root (it installs and removes the package with apt-get)" >&2
  exit 2
fi
DEB=$(ls "$ROOT"/installers/target/peerwave_*.deb 2>/dev/null | head -n 1)
if [ -z "$DEB" ]; then
  echo "install-test: no installers/target/peerwave_*.deb (build it: ./mvnw -Pinstallers -DskipTests package)" >&2
  exit 2
fi

# --- results ------------------------------------------------------------------------------------
names=()
failures=()
passed=0
failed=0
started=$(date +%s)

# check NAME COMMAND...: runs the command; a non-zero status fails the check (its output is kept).
check() {
  local name=$1 out status
  shift
  out=$("$@" 2>&1)
  status=$?
  names+=("$name")
  if [ $status -eq 0 ]; then
    passed=$((passed + 1))
    failures+=("")
    log "PASS $name"
  else
    failed=$((failed + 1))
    failures+=("${out:-exit status $status}")
    log "FAIL $name"
    [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /' >&2
  fi
  return 0
}

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

write_report() {
  mkdir -p "$REPORT_DIR"
  local i
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<testsuite name="org.peerwave.installers.InstallTest" tests="%d" failures="%d" errors="0" skipped="0" time="%d">\n' \
      "${#names[@]}" "$failed" "$(($(date +%s) - started))"
    for i in "${!names[@]}"; do
      printf '  <testcase classname="org.peerwave.installers.InstallTest" name="%s"' "$(printf '%s' "${names[$i]}" | xml_escape)"
      if [ -z "${failures[$i]}" ]; then
        printf '/>\n'
      else
        printf '>\n    <failure message="check failed">%s</failure>\n  </testcase>\n' "$(printf '%s' "${failures[$i]}" | xml_escape)"
      fi
    done
    printf '</testsuite>\n'
  } >"$REPORT"
}

# --- a private user ------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/peerwave-install-test.XXXXXX)
export HOME=$WORK/home
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache
export XDG_STATE_HOME=$HOME/.local/state XDG_RUNTIME_DIR=$WORK/runtime
export XDG_DATA_DIRS=/usr/local/share:/usr/share XDG_CONFIG_DIRS=/etc/xdg
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION GNOME_DESKTOP_SESSION_ID KDE_FULL_SESSION BROWSER PEERWAVE_DATA_DIR
unset WAYLAND_DISPLAY
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 0700 -p "$XDG_RUNTIME_DIR"
SOCKET=$XDG_RUNTIME_DIR/peerwave/instance.sock
LOGS=$XDG_DATA_HOME/peerwave/logs
# The user's settings: links and files from other programs are added without the add dialog
# (nobody clicks it here), on loopback and off the public DHT, into a folder of the test.
mkdir -p "$XDG_DATA_HOME/peerwave" "$WORK/downloads"
cat >"$XDG_DATA_HOME/peerwave/settings.properties" <<EOF2
add.confirmExternal=false
dht=false
lsd=false
listenAddress=127.0.0.1
defaultSaveDir=$WORK/downloads
EOF2

XVFB_PID=
GUI_PID=
cleanup() {
  [ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# A display of our own.
for n in $(seq 90 120); do
  [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
  export DISPLAY=:$n
  break
done

# --- helpers -------------------------------------------------------------------------------------
wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}
is_installed() { dpkg-query -W -f='${Status}' peerwave 2>/dev/null | grep -q 'install ok installed'; }
expect_eq() { # expect_eq EXPECTED ACTUAL
  [ "$1" = "$2" ] || { echo "expected '$1', got '$2'"; return 1; }
}
query_default_is_peerwave() { expect_eq "$DESKTOP" "$(xdg-mime query default "$1")"; }
listed() { # listed HASH: `peerwave list` (the running window) shows the torrent
  local out
  out=$(peerwave list 2>&1) || { echo "peerwave list: $out"; return 1; }
  printf '%s\n' "$out" | grep -qi "$1" || { echo "peerwave list has no $1:"; printf '%s\n' "$out"; return 1; }
}
window_started() { grep -qs "started" "$LOGS"/*.log; }
gui_log_has() { grep -Fqs -- "$1" "$LOGS"/*.log; }
peerwave_windows() { # the Peerwave windows (launcher processes showing a window) of this test
  local pid
  for pid in $(pgrep -f '^/opt/peerwave/bin/peerwave( |$)'); do
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR" && echo "$pid"
  done
}
one_window() { # exactly one window runs, and it is the first one
  local pids
  pids=$(peerwave_windows | tr '\n' ' ')
  expect_eq "$GUI_PID " "$pids"
}
aot_cache_mapped() { grep -q '/opt/peerwave/lib/app/peerwave.aot' "/proc/$GUI_PID/maps"; }
nothing_left() {
  local left
  left=$(find /opt /usr /etc /var/lib/dpkg/info -name '*peerwave*' -not -path "$ROOT/*" 2>/dev/null)
  [ -z "$left" ] || { echo "left behind:"; echo "$left"; return 1; }
}
files_gone() {
  local f left=
  while IFS= read -r f; do
    [ -d "$f" ] && [ ! -L "$f" ] && continue   # shared folders (/usr/share/icons/hicolor/...) stay
    if [ -e "$f" ] || [ -L "$f" ]; then left="$left $f"; fi
  done <"$WORK/files"
  [ -z "$left" ] || { echo "still there:$left"; return 1; }
}
not_in_mime_cache() { ! grep -qs "$DESKTOP" /usr/share/applications/mimeinfo.cache; }
not_default_for() { [ "$(xdg-mime query default "$1")" != "$DESKTOP" ]; }

# --- install ------------------------------------------------------------------------------------
if is_installed; then
  log "a peerwave package is installed already; purging it first"
  apt-get purge -y -qq peerwave >/dev/null 2>&1
fi
log "installing $DEB"
check "apt-get install resolves the dependencies and installs the package" \
  apt-get install -y -qq --no-install-recommends "$DEB"
check "the package is installed" is_installed
check "libvlc came with it" dpkg-query -W -f='${Status}\n' libvlc5 vlc-plugin-base
dpkg -L peerwave >"$WORK/files" 2>/dev/null
check "peerwave is on PATH" test -x "$(command -v peerwave)"
check "the installed peerwave prints its version" \
  expect_eq "peerwave $VERSION" "$(peerwave --version 2>&1)"

# --- desktop integration -----------------------------------------------------------------------
check "the desktop entry is valid" desktop-file-validate "/usr/share/applications/$DESKTOP"
check "the desktop entry handles magnet links and .torrent files" \
  grep -qx 'MimeType=application/x-bittorrent;x-scheme-handler/magnet;' "/usr/share/applications/$DESKTOP"
check "the desktop entry passes the links and files to the launcher" \
  grep -qx 'Exec=/opt/peerwave/bin/peerwave %U' "/usr/share/applications/$DESKTOP"
check "the AppStream metadata is valid" appstreamcli validate --no-net "/usr/share/metainfo/$APP_ID.metainfo.xml"
check "the icons are installed in the hicolor sizes" bash -c "
  for s in 16 22 24 32 48 64 128 256 512; do test -s /usr/share/icons/hicolor/\${s}x\${s}/apps/$APP_ID.png || exit 1; done
  test -s /usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
check "the desktop database lists Peerwave for magnet links" \
  grep -q "^x-scheme-handler/magnet=.*$DESKTOP" /usr/share/applications/mimeinfo.cache
check "the desktop database lists Peerwave for .torrent files" \
  grep -q "^application/x-bittorrent=.*$DESKTOP" /usr/share/applications/mimeinfo.cache
check "the MIME type is registered" grep -q 'application/x-bittorrent' /usr/share/mime/globs2
check "xdg-mime: Peerwave opens magnet links" query_default_is_peerwave x-scheme-handler/magnet
check "xdg-mime: Peerwave opens .torrent files" query_default_is_peerwave application/x-bittorrent

# A .torrent made by the installed command line.
mkdir -p "$WORK/share/install-test"
printf 'Peerwave install test\n' >"$WORK/share/install-test/hello.txt"
TORRENT=$WORK/install-test.torrent
check "the installed peerwave creates a torrent" \
  peerwave create "$WORK/share/install-test" -o "$TORRENT" --v1 --no-date
TORRENT_HASH=$(peerwave info --json "$TORRENT" 2>/dev/null | sed -n 's/.*"infoHashV1": "\([0-9a-f]*\)".*/\1/p')
check "xdg-mime knows a .torrent file's type" \
  expect_eq application/x-bittorrent "$(xdg-mime query filetype "$TORRENT")"

# --- xdg-open, as a browser or a file manager does it -------------------------------------------
if [ -z "$XVFB_PID" ]; then
  check "Xvfb starts" false
else
  log "xdg-open '$MAGNET'"
  (cd "$WORK" && exec xdg-open "$MAGNET" >"$WORK/xdg-open-1.log" 2>&1) &
  XDG_OPEN_PID=$!
  check "xdg-open of a magnet link starts the Peerwave window" wait_for 90 window_started
  check "the window listens for other launches" wait_for 30 test -S "$SOCKET"
  GUI_PID=$(peerwave_windows | head -n 1)
  check "the window runs the installed launcher" test -n "$GUI_PID"
  if [ -n "$GUI_PID" ]; then
    check "the window maps the AOT cache" aot_cache_mapped
  fi
  check "the window was asked to open the magnet link" wait_for 15 gui_log_has "$MAGNET_HASH"
  check "peerwave list shows the magnet link's torrent" wait_for 30 listed "$MAGNET_HASH"

  log "xdg-open $TORRENT"
  check "xdg-open of a .torrent file hands it over and returns" timeout 60 xdg-open "$TORRENT"
  check "the running window was asked to open the .torrent file" wait_for 15 gui_log_has "$TORRENT"
  check "no second window was started" one_window
  check "peerwave list shows the .torrent file's torrent" wait_for 30 listed "${TORRENT_HASH:-no-hash}"

  if [ -n "${PW_MEASURE:-}" ] && [ -n "$GUI_PID" ]; then
    kill "$GUI_PID" 2>/dev/null; wait_for 30 bash -c "! kill -0 $GUI_PID"; GUI_PID=
    measure() { # one cold start of the window: launch to the instance socket
      local t0 pid
      rm -f "$SOCKET"
      sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
      t0=$(date +%s%N)
      /opt/peerwave/bin/peerwave >/dev/null 2>&1 &
      pid=$!
      wait_for 120 test -S "$SOCKET"
      echo $((($(date +%s%N) - t0) / 1000000))
      kill "$pid"; wait "$pid" 2>/dev/null
      rm -f "$SOCKET"
    }
    for run in $(seq "$PW_MEASURE"); do
      with=$(measure)
      mv /opt/peerwave/lib/app/peerwave.aot "$WORK/peerwave.aot"
      without=$(measure)
      mv "$WORK/peerwave.aot" /opt/peerwave/lib/app/peerwave.aot
      log "cold start to the window's socket, run $run: with the AOT cache $with ms, without $without ms"
    done
  fi

  [ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null
  wait "$XDG_OPEN_PID" 2>/dev/null
  GUI_PID=
fi

# --- removal ------------------------------------------------------------------------------------
log "apt-get purge peerwave"
check "apt-get purge removes the package" apt-get purge -y -qq peerwave
check "the package is gone" bash -c '! dpkg-query -W -f="\${Status}" peerwave 2>/dev/null | grep -q installed'
check "every file of the package is gone" files_gone
check "nothing named peerwave is left in /opt, /usr, /etc or dpkg's database" nothing_left
check "peerwave is no longer on PATH" bash -c '! command -v peerwave'
check "the desktop database no longer lists Peerwave" not_in_mime_cache
check "xdg-mime no longer names Peerwave for magnet links" not_default_for x-scheme-handler/magnet
check "user data stays (the window's logs)" test -d "$LOGS"

write_report
log "$passed passed, $failed failed ($(($(date +%s) - started)) s); report: ${REPORT#$ROOT/}"
[ "$failed" -eq 0 ]
