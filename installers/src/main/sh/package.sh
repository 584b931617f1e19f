#!/usr/bin/env bash
# Packages Peerwave with the JDK's own tools: jdeps finds the Java modules the app needs, jlink
# links them and JavaFX into a trimmed runtime, jpackage makes the app image, a training run of the
# app records an AOT cache (class-data sharing, JEP 483/514) into it, and jpackage wraps the image
# into the platform's installers: .deb (and .rpm where rpmbuild exists) on Linux, .msi on Windows,
# .dmg on macOS. See docs/decisions (the installers ADR) for the choices.
#
# Maven runs it (`./mvnw -Pinstallers -DskipTests package`, installers/pom.xml) with:
#   JAVA_HOME            the JDK 25 whose jdeps/jlink/jpackage to use (its runtime is what ships)
#   PW_VERSION           the project version (0.1.0-SNAPSHOT); installers get its numeric part
#   PW_APP_TARGET        app/target: peerwave-app.jar and its runtime jars in lib/
#   PW_PACKAGING         installers/src/main/packaging (per-platform configuration)
#   PW_ICONS             the rendered icons (org.peerwave.installers.Icons)
#   PW_OUT               installers/target
# Optional:
#   PW_TYPES             package types to build (default: deb, plus rpm with rpmbuild | msi | dmg);
#                        "none" stops after the app image
#   PW_AOT_TRAINING      gui (start the window under Xvfb until it is up), cli (one command line
#                        run), none; default gui on Linux when there is a display or xvfb-run
#   PW_EXTRA_MODULES     modules to link besides those jdeps finds (comma-separated)
#
# Bash 3.2 compatible (macOS); on Windows it runs in Git Bash.
set -euo pipefail

log() { printf '[installers] %s\n' "$*" >&2; }
die() { printf '[installers] error: %s\n' "$*" >&2; exit 1; }

: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
VERSION=${PW_VERSION:?}
APP_TARGET=${PW_APP_TARGET:?}
PACKAGING=${PW_PACKAGING:?}
ICONS=${PW_ICONS:?}
OUT=${PW_OUT:?}

case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=mac ;;
  MINGW* | MSYS* | CYGWIN*) OS=windows ;;
  *) die "unsupported OS: $(uname -s)" ;;
esac

# Paths handed to the JDK's tools: Windows paths on Windows.
native() {
  if [ "$OS" = windows ]; then cygpath -w "$1"; else printf '%s' "$1"; fi
}
if [ "$OS" = windows ]; then SEP=';'; EXE=.exe; else SEP=':'; EXE=; fi
JDK_BIN=$JAVA_HOME/bin
[ -x "$JDK_BIN/jpackage$EXE" ] || die "$JAVA_HOME has no jpackage"

APP_VERSION=${VERSION%%-*}          # 0.1.0-SNAPSHOT -> 0.1.0 (MSI and macOS need numbers)
APP_ID=org.peerwave.Peerwave
VENDOR=Peerwave
DESCRIPTION="Peerwave: a BitTorrent client that streams video while it downloads"
COPYRIGHT="Copyright the Peerwave developers"
if [ "$OS" = linux ]; then NAME=peerwave; else NAME=Peerwave; fi
# JVM options of the installed launcher. The AOT cache is optional: when it is missing or was made
# for other jars the JVM runs without it, and the log options keep that quiet (stdout belongs to
# the command line's output).
JAVA_OPTIONS=(
  "--enable-native-access=ALL-UNNAMED,javafx.graphics"
  '-XX:AOTCache=$APPDIR/peerwave.aot'
  "-Xlog:aot*=off"
  "-Xlog:cds*=off"
)

mkdir -p "$OUT"
STAGE=$OUT/stage
RUNTIME=$OUT/runtime
IMAGES=$OUT/app-image
rm -rf "$STAGE" "$RUNTIME" "$IMAGES"
mkdir -p "$STAGE/jars" "$STAGE/javafx" "$IMAGES"

# --- 1. The jars: the app's on the class path, JavaFX's platform jars (modules) apart -----------
[ -f "$APP_TARGET/peerwave-app.jar" ] || die "no $APP_TARGET/peerwave-app.jar (build the app module first)"
cp "$APP_TARGET/peerwave-app.jar" "$STAGE/jars/"
for jar in "$APP_TARGET"/lib/*.jar; do
  name=${jar##*/}
  case $name in
    javafx-*)
      # javafx-graphics-25.0.4-linux.jar is the module; javafx-graphics-25.0.4.jar an empty placeholder.
      if [[ $name =~ ^javafx-[a-z]+-[0-9][^-]*-[A-Za-z0-9_-]+\.jar$ ]]; then cp "$jar" "$STAGE/javafx/"; fi
      ;;
    *) cp "$jar" "$STAGE/jars/" ;;
  esac
done
fx_path=
for jar in "$STAGE"/javafx/*.jar; do fx_path=${fx_path:+$fx_path$SEP}$(native "$jar"); done
class_path=
for jar in "$STAGE"/jars/*.jar; do
  [ "${jar##*/}" = peerwave-app.jar ] || class_path=${class_path:+$class_path$SEP}$(native "$jar")
done
[ -n "$fx_path" ] || die "no JavaFX platform jars in $APP_TARGET/lib"

# --- 2. The modules the app uses ---------------------------------------------------------------
log "jdeps: finding the modules the app needs"
modules=$("$JDK_BIN/jdeps$EXE" -q --multi-release 25 --ignore-missing-deps --print-module-deps --recursive \
  --module-path "$fx_path" --class-path "$class_path" "$(native "$STAGE/jars/peerwave-app.jar")" | tr -d '\r' | tail -n 1)
[[ $modules == *java.base* && $modules == *javafx.controls* ]] || die "jdeps found unexpected modules: $modules"
if [ -n "${PW_EXTRA_MODULES:-}" ]; then modules=$modules,$PW_EXTRA_MODULES; fi
log "modules: $modules"

# --- 3. The runtime: JDK modules + JavaFX, with JavaFX's native libraries beside the JDK's -------
case $OS in
  linux) native_glob='*.so'; native_dir=lib ;;
  mac) native_glob='*.dylib'; native_dir=lib ;;
  windows) native_glob='*.dll'; native_dir=bin ;;
esac
log "jlink: linking the runtime"
"$JDK_BIN/jlink$EXE" --module-path "$fx_path" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 --generate-cds-archive \
  --exclude-resources "glob:/javafx.graphics/$native_glob,glob:/javafx.media/$native_glob" \
  --output "$(native "$RUNTIME")"
# JavaFX looks for its libraries in the runtime before unpacking copies into ~/.openjfx/cache.
natives=$STAGE/natives
mkdir -p "$natives"
for jar in "$STAGE"/javafx/*.jar; do
  (cd "$natives" && "$JDK_BIN/jar$EXE" xf "$(native "$jar")")
done
found=0
for lib in "$natives"/$native_glob; do
  [ -f "$lib" ] || continue
  cp "$lib" "$RUNTIME/$native_dir/"
  found=$((found + 1))
done
[ "$found" -gt 0 ] || die "no JavaFX native libraries ($native_glob) in the JavaFX jars"
# The archive for heaps over 32 GiB (no compressed oops) is not worth its 15 MB here.
rm -f "$RUNTIME"/lib/server/classes_nocoops.jsa "$RUNTIME"/bin/server/classes_nocoops.jsa

# --- 4. The app image -------------------------------------------------------------------------
log "jpackage: app image"
image_args=(--type app-image --dest "$(native "$IMAGES")" --name "$NAME" --app-version "$APP_VERSION"
  --vendor "$VENDOR" --copyright "$COPYRIGHT" --description "$DESCRIPTION"
  --runtime-image "$(native "$RUNTIME")" --input "$(native "$STAGE/jars")"
  --main-jar peerwave-app.jar --main-class org.peerwave.app.Main)
for opt in "${JAVA_OPTIONS[@]}"; do image_args+=(--java-options "$opt"); done
case $OS in
  linux) image_args+=(--icon "$(native "$ICONS/peerwave.png")") ;;
  windows) image_args+=(--icon "$(native "$ICONS/peerwave.ico")") ;;
  mac)
    image_args+=(--icon "$(native "$ICONS/peerwave.icns")" --mac-package-identifier "$APP_ID"
      --mac-package-name Peerwave --resource-dir "$(native "$PACKAGING/macos")")
    ;;
esac
"$JDK_BIN/jpackage$EXE" "${image_args[@]}"
case $OS in
  linux) IMAGE=$IMAGES/$NAME; APPDIR=$IMAGE/lib/app; JAVA=$IMAGE/lib/runtime/bin/java ;;
  mac) IMAGE=$IMAGES/$NAME.app; APPDIR=$IMAGE/Contents/app; JAVA=$IMAGE/Contents/runtime/Contents/Home/bin/java ;;
  windows) IMAGE=$IMAGES/$NAME; APPDIR=$IMAGE/app; JAVA=$IMAGE/runtime/bin/java.exe ;;
esac
CFG=$APPDIR/$NAME.cfg
[ -f "$CFG" ] || die "jpackage made no $CFG"

# --- 5. The AOT cache, from a training run with the launcher's class path and options ----------
training=${PW_AOT_TRAINING:-auto}
if [ "$training" = auto ]; then
  training=cli
  if [ "$OS" = linux ] && { [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null 2>&1; }; then training=gui; fi
fi
if [ "$training" != none ]; then
  image_cp=
  while IFS= read -r line; do
    line=${line%$'\r'}
    case $line in
      app.classpath=*)
        jar=${line#app.classpath=}
        jar=$(native "$APPDIR")${jar#\$APPDIR}
        image_cp=${image_cp:+$image_cp$SEP}$jar
        ;;
    esac
  done <"$CFG"
  aot=$APPDIR/peerwave.aot
  rm -f "$aot"
  train_dir=$(mktemp -d "${TMPDIR:-/tmp}/peerwave-aot.XXXXXX")
  record=("$JAVA" "-XX:AOTCacheOutput=$(native "$aot")" -Xlog:aot=error -Xlog:cds=error
    "--enable-native-access=ALL-UNNAMED,javafx.graphics" -cp "$image_cp" org.peerwave.app.Main)
  log "AOT cache: training run ($training)"
  if [ "$training" = gui ]; then
    # The window, with its data in a temporary folder, until its instance socket is up; then a
    # normal shutdown (SIGTERM), at which the JVM writes the cache.
    socket=$train_dir/data/run/instance.sock
    # Off the network: no public DHT, listening on loopback only.
    mkdir -p "$train_dir/data"
    printf 'dht=false\nlsd=false\nlistenAddress=127.0.0.1\n' >"$train_dir/data/settings.properties"
    gui_script='
      "$@" >"$PW_TRAIN_DIR/gui.log" 2>&1 & pid=$!
      i=0
      while [ ! -S "$PW_TRAIN_SOCKET" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
      sleep 1
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" || true'
    runner=()
    if [ -z "${DISPLAY:-}" ]; then runner=(xvfb-run -a); fi
    PEERWAVE_DATA_DIR=$train_dir/data PW_TRAIN_DIR=$train_dir PW_TRAIN_SOCKET=$socket \
      "${runner[@]}" bash -c "$gui_script" training "${record[@]}"
    grep -q 'started' "$train_dir"/data/logs/*.log 2>/dev/null || {
      cat "$train_dir/gui.log" >&2 || true
      die "the training run's window did not start"
    }
  else
    mkdir -p "$train_dir/files"
    printf 'Peerwave AOT training\n' >"$train_dir/files/a.txt"
    PEERWAVE_DATA_DIR=$train_dir/data "${record[@]}" create "$(native "$train_dir/files")" \
      -o "$(native "$train_dir/t.torrent")" --no-date >/dev/null
  fi
  rm -rf "$train_dir"
  [ -s "$aot" ] || die "the training run made no AOT cache"
  log "AOT cache: $(du -k "$aot" | cut -f1) KiB"
fi
if [ "$OS" = mac ] && command -v codesign >/dev/null 2>&1; then
  # Adding the cache changed the bundle: sign it again (ad hoc; a release signs with its identity).
  codesign --force --deep --sign - "$IMAGE"
fi

# --- 6. The installers ----------------------------------------------------------------------
types=${PW_TYPES:-}
if [ -z "$types" ]; then
  case $OS in
    linux)
      command -v dpkg-deb >/dev/null 2>&1 && types="deb"
      command -v rpmbuild >/dev/null 2>&1 && types="$types rpm"
      ;;
    windows) types=msi ;;
    mac) types=dmg ;;
  esac
fi

build_deb() {
  local jp=$OUT/jpackage-deb root=$OUT/deb-root deb
  rm -rf "$jp" "$root"
  log "jpackage: .deb"
  # Uncompressed: it is unpacked again below (dpkg-deb >= 1.21.10 reads the variable).
  DPKG_DEB_COMPRESSOR_TYPE=none "$JDK_BIN/jpackage" --type deb --app-image "$IMAGE" --dest "$jp" --name "$NAME" --app-version "$APP_VERSION" \
    --vendor "$VENDOR" --copyright "$COPYRIGHT" --description "$DESCRIPTION" \
    --linux-package-name peerwave --linux-deb-maintainer maintainers@peerwave.invalid --linux-app-category net \
    --linux-package-deps "libvlc5, vlc-plugin-base, libgtk-3-0" \
    --resource-dir "$PACKAGING/linux"
  deb=$(ls "$jp"/*.deb)
  # jpackage puts everything under /opt/peerwave; the desktop finds entries, icons, MIME types and
  # AppStream data only under /usr/share, and users expect `peerwave` on PATH. Add those to the
  # package as files of its own (dpkg tracks and removes them), then build it again.
  dpkg-deb -R "$deb" "$root"
  local share=$root/usr/share
  install -d -m 0755 "$root/usr/bin" "$share/applications" "$share/metainfo" "$share/mime/packages"
  ln -s /opt/peerwave/bin/peerwave "$root/usr/bin/peerwave"
  install -m 0644 "$PACKAGING/linux/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
  install -m 0644 "$PACKAGING/linux/$APP_ID.mime.xml" "$share/mime/packages/$APP_ID.xml"
  local date
  date=$(date -u ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH} +%Y-%m-%d)
  sed -e "s/@VERSION@/$APP_VERSION/" -e "s/@DATE@/$date/" "$PACKAGING/linux/$APP_ID.metainfo.xml" \
    >"$share/metainfo/$APP_ID.metainfo.xml"
  chmod 0644 "$share/metainfo/$APP_ID.metainfo.xml"
  (cd "$ICONS" && find hicolor -type f) | while IFS= read -r icon; do
    install -D -m 0644 "$ICONS/$icon" "$share/icons/$icon"
  done
  find "$root/usr" -type d -exec chmod 0755 {} +
  # The control file: the size again, and what makes the desktop integration complete.
  local size
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -i -e "s/^Installed-Size:.*/Installed-Size: $size/" "$root/DEBIAN/control"
  sed -i -e "/^Depends:/a Recommends: xdg-utils, desktop-file-utils, shared-mime-info, hicolor-icon-theme" "$root/DEBIAN/control"
  # jpackage's Depends (the packages of the libraries the runtime links) plus ours, each once.
  local deps
  deps=$(sed -n 's/^Depends: //p' "$root/DEBIAN/control" | tr ',' '\n' | sed 's/^ *//; s/ *$//' |
    awk 'NF && !seen[$0]++' | paste -sd, - | sed 's/,/, /g')
  sed -i -e "s/^Depends:.*/Depends: $deps/" "$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
    >"$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/md5sums"
  local pkg
  pkg=$(sed -n 's/^Package: //p' "$root/DEBIAN/control")_$(sed -n 's/^Version: //p' "$root/DEBIAN/control")_$(sed -n 's/^Architecture: //p' "$root/DEBIAN/control").deb
  rm -f "$OUT"/peerwave_*.deb
  dpkg-deb --root-owner-group -Zxz -b "$root" "$OUT/$pkg" >/dev/null
  rm -rf "$root" "$jp"
  log "built $OUT/$pkg ($(du -k "$OUT/$pkg" | cut -f1) KiB)"
}

build_rpm() {
  # Not built on the Debian CI (no rpmbuild): jpackage's own desktop integration, with our entry.
  local res=$OUT/rpm-resources
  rm -rf "$res" && mkdir -p "$res"
  sed -e "s|^Icon=.*|Icon=/opt/peerwave/lib/peerwave.png|" "$PACKAGING/linux/$APP_ID.desktop" >"$res/peerwave.desktop"
  cp "$ICONS/peerwave.png" "$res/peerwave.png"
  log "jpackage: .rpm"
  "$JDK_BIN/jpackage" --type rpm --app-image "$IMAGE" --dest "$OUT" --name "$NAME" --app-version "$APP_VERSION" \
    --vendor "$VENDOR" --copyright "$COPYRIGHT" --description "$DESCRIPTION" \
    --linux-package-name peerwave --linux-app-category Network --linux-shortcut \
    --linux-package-deps "vlc-libs, gtk3" --resource-dir "$res"
}

build_msi() {
  log "jpackage: .msi"
  "$JDK_BIN/jpackage$EXE" --type msi --app-image "$(native "$IMAGE")" --dest "$(native "$OUT")" --name "$NAME" \
    --app-version "$APP_VERSION" --vendor "$VENDOR" --copyright "$COPYRIGHT" --description "$DESCRIPTION" \
    --win-menu --win-menu-group Peerwave --win-shortcut-prompt --win-dir-chooser \
    --win-upgrade-uuid 6f1c0e52-5d0a-4f3e-9a55-2b7e8c4d1a90 \
    --resource-dir "$(native "$PACKAGING/windows")"
}

build_dmg() {
  log "jpackage: .dmg"
  "$JDK_BIN/jpackage" --type dmg --app-image "$IMAGE" --dest "$OUT" --name "$NAME" --app-version "$APP_VERSION" \
    --vendor "$VENDOR" --copyright "$COPYRIGHT" --description "$DESCRIPTION" \
    --mac-package-identifier "$APP_ID" --mac-package-name Peerwave \
    --resource-dir "$PACKAGING/macos"
}

for type in $types; do
  case $type in
    deb) build_deb ;;
    rpm) build_rpm ;;
    msi) build_msi ;;
    dmg) build_dmg ;;
    none) ;;
    *) die "unknown package type: $type" ;;
  esac
done
log "app image: $IMAGE ($(du -sk "$IMAGE" | cut -f1) KiB)"
