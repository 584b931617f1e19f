#!/usr/bin/env bash
# End-to-end torrent creation benchmark: `peerwave create` against mktorrent (v1) and
# libtorrent 2.0 (v1-only, v2-only, hybrid), all on the same random file with a warm page
# cache, in one run, next to the machine's SHA-1/SHA-256 limits measured by OpenSSL.
#
# Usage: bench/e2e/create-bench.sh            (see bench/README.md)
#
# Environment (all optional):
#   SIZE_MB=2048          size of the test file in MiB
#   PIECE_LENGTH=1048576  piece length in bytes (a power of two, at least 16384)
#   THREADS=$(nproc)      threads given to mktorrent
#   CORES=$(nproc)        cores for the hash limits (openssl speed -multi, "ideal" rates)
#   REPEAT=1              rounds; each row reports its best (lowest wall time) round
#   PEERWAVE=$REPO/peerwave  command that runs the Peerwave CLI (may contain arguments)
#   PYTHON=/usr/bin/python3  a Python that can `import libtorrent`
#   WORK_PARENT=/tmp      where the temporary work directory is made
#   KEEP=0                1 keeps the work directory (file, torrents, logs) at the end
#   RESULT_FILE=          also write the markdown report to this file
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

SIZE_MB=${SIZE_MB:-2048}
PIECE_LENGTH=${PIECE_LENGTH:-1048576}
THREADS=${THREADS:-$(nproc)}
CORES=${CORES:-$(nproc)}
REPEAT=${REPEAT:-1}
PEERWAVE=${PEERWAVE:-$REPO/peerwave}
PYTHON=${PYTHON:-/usr/bin/python3}
WORK_PARENT=${WORK_PARENT:-/tmp}
KEEP=${KEEP:-0}
RESULT_FILE=${RESULT_FILE:-}
WARMUP_MB=${WARMUP_MB:-16}
LT_HELPER="$HERE/lt_create.py"
TIME=/usr/bin/time

die() { echo "create-bench: $*" >&2; exit 1; }
say() { echo "==> $*" >&2; }

# ---- checks -----------------------------------------------------------------------------
[[ "$SIZE_MB" =~ ^[1-9][0-9]*$ ]] || die "SIZE_MB must be a positive integer (MiB)"
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive integer"
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer"
[[ "$CORES" =~ ^[1-9][0-9]*$ ]] || die "CORES must be a positive integer"
[[ "$PIECE_LENGTH" =~ ^[1-9][0-9]*$ ]] || die "PIECE_LENGTH must be a number of bytes"
(( PIECE_LENGTH >= 16384 && (PIECE_LENGTH & (PIECE_LENGTH - 1)) == 0 )) \
  || die "PIECE_LENGTH must be a power of two >= 16384, got $PIECE_LENGTH"
PIECE_LOG2=0
while (( (1 << PIECE_LOG2) < PIECE_LENGTH )); do PIECE_LOG2=$((PIECE_LOG2 + 1)); done

[[ -x "$TIME" ]] || die "$TIME (GNU time) is required: apt-get install time"
command -v mktorrent >/dev/null || die "mktorrent is required: apt-get install mktorrent"
command -v openssl >/dev/null || die "openssl is required"
"$PYTHON" -c 'import libtorrent' 2>/dev/null \
  || die "$PYTHON cannot import libtorrent (Debian: apt-get install python3-libtorrent)"

SIZE_BYTES=$((SIZE_MB * 1024 * 1024))
mkdir -p "$WORK_PARENT"
avail_kb=$(df -Pk "$WORK_PARENT" | awk 'NR==2 {print $4}')
(( avail_kb * 1024 > SIZE_BYTES + 256 * 1024 * 1024 )) \
  || die "not enough space in $WORK_PARENT for a ${SIZE_MB} MiB file"
mem_kb=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
if (( mem_kb * 1024 < SIZE_BYTES * 3 / 2 )); then
  echo "create-bench: warning: ${SIZE_MB} MiB may not stay in the page cache" \
       "(MemAvailable $((mem_kb / 1024)) MiB); figures would include disk reads" >&2
fi

WORK=$(mktemp -d "$WORK_PARENT/peerwave-create-bench.XXXXXX")
cleanup() {
  if [[ "$KEEP" == 1 ]]; then
    say "kept $WORK"
  else
    rm -rf -- "$WORK"
  fi
}
trap cleanup EXIT
mkdir -p "$WORK/data" "$WORK/out" "$WORK/log" "$WORK/warm"
FILE="$WORK/data/payload.bin"

# ---- the test file ------------------------------------------------------------------------
# AES-128-CTR over zeros with a random key: incompressible, and far faster than /dev/urandom.
say "writing ${SIZE_MB} MiB of random data to $FILE"
gen_start=$(date +%s.%N)
key=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
iv=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
if ! { openssl enc -aes-128-ctr -K "$key" -iv "$iv" -in /dev/zero 2>/dev/null || true; } \
      | head -c "$SIZE_BYTES" > "$FILE" \
   || [[ $(stat -c %s "$FILE") -ne $SIZE_BYTES ]]; then
  say "openssl generator failed; falling back to /dev/urandom"
  head -c "$SIZE_BYTES" /dev/urandom > "$FILE"
fi
[[ $(stat -c %s "$FILE") -eq $SIZE_BYTES ]] || die "could not write $FILE"
gen_end=$(date +%s.%N)
say "written in $(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN {printf "%.1f", b - a}') s"
head -c $((WARMUP_MB * 1024 * 1024)) "$FILE" > "$WORK/warm/warmup.bin"

warm_cache() { cat "$FILE" > /dev/null; }
say "warming the page cache"
warm_cache

# ---- machine hash limits (OpenSSL, 1 MiB blocks) --------------------------------------------
# Prints "<sha1 bytes/s> <sha256 bytes/s>" from `openssl speed` output on stdin.
parse_speed() {
  awk '$1 == "sha1" || $1 == "sha256" { v = $NF; sub(/k$/, "", v); r[$1] = v * 1000 }
       END { printf "%.0f %.0f\n", r["sha1"], r["sha256"] }'
}
say "measuring SHA-1/SHA-256 with openssl speed (1 core, then $CORES processes)"
read -r SHA1_1 SHA256_1 < <(openssl speed -seconds 2 -bytes 1048576 sha1 sha256 2>/dev/null | parse_speed)
read -r SHA1_N SHA256_N < <(openssl speed -multi "$CORES" -seconds 2 -bytes 1048576 sha1 sha256 2>/dev/null | parse_speed)
(( SHA1_1 > 0 && SHA256_1 > 0 )) || die "could not parse openssl speed output"

# Ideal rate (bytes/s) of a mode when every core hashes at the single-core OpenSSL rate.
limit_rate() {
  case "$1" in
    v1) awk -v a="$SHA1_1" -v n="$CORES" 'BEGIN {printf "%.0f", a * n}' ;;
    v2) awk -v b="$SHA256_1" -v n="$CORES" 'BEGIN {printf "%.0f", b * n}' ;;
    # Hybrid hashes every byte twice: once with SHA-1, once with SHA-256.
    hybrid) awk -v a="$SHA1_1" -v b="$SHA256_1" -v n="$CORES" \
              'BEGIN {printf "%.0f", n / (1 / a + 1 / b)}' ;;
  esac
}

# ---- Peerwave availability ------------------------------------------------------------------
read -r -a PW_CMD <<< "$PEERWAVE"
PEERWAVE_OK=0
PEERWAVE_WHY=""
if ! command -v "${PW_CMD[0]}" >/dev/null 2>&1 && [[ ! -x "${PW_CMD[0]}" ]]; then
  PEERWAVE_WHY="${PW_CMD[0]} not found"
else
  # Untimed warm-up on a small file: pays any launcher build and the first JVM start.
  say "warming up Peerwave: $PEERWAVE create (${WARMUP_MB} MiB file)"
  if "${PW_CMD[@]}" create "$WORK/warm/warmup.bin" -o "$WORK/warm/warmup.torrent" \
       --v1 --piece-length "$PIECE_LENGTH" --no-date > "$WORK/log/peerwave-warmup.log" 2>&1 \
     && [[ -s "$WORK/warm/warmup.torrent" ]]; then
    PEERWAVE_OK=1
  else
    PEERWAVE_WHY="'$PEERWAVE create' failed: $(tail -n 3 "$WORK/log/peerwave-warmup.log" | tr '\n' ' ')"
  fi
fi
if [[ "$PEERWAVE_OK" == 0 ]]; then
  echo "create-bench: SKIPPING Peerwave rows: $PEERWAVE_WHY" >&2
fi

# ---- the runs -------------------------------------------------------------------------------
# Rows, in table order: "tool mode". Results are kept in associative arrays keyed by row.
ROWS=("mktorrent v1" "libtorrent v1" "peerwave v1"
      "libtorrent v2" "peerwave v2"
      "libtorrent hybrid" "peerwave hybrid")
declare -A WALL USR SYS RSS OUT STATUS
PEERWAVE_FIXED=""   # fastest wall time of Peerwave on the small warm-up file

command_for() { # tool mode out -> sets CMD
  local tool=$1 mode=$2 out=$3
  case "$tool" in
    mktorrent) CMD=(mktorrent -d -t "$THREADS" -l "$PIECE_LOG2" -o "$out" "$FILE") ;;
    libtorrent) CMD=("$PYTHON" "$LT_HELPER" create "$mode" "$PIECE_LENGTH" "$FILE" "$out") ;;
    peerwave) CMD=("${PW_CMD[@]}" create "$FILE" -o "$out" "--$mode"
                   --piece-length "$PIECE_LENGTH" --no-date) ;;
  esac
}

run_row() { # round tool mode
  local round=$1 tool=$2 mode=$3 key="$2 $3"
  local out="$WORK/out/$tool-$mode-r$round.torrent"
  local log="$WORK/log/$tool-$mode-r$round.log" tf="$WORK/log/$tool-$mode-r$round.time"
  command_for "$tool" "$mode" "$out"
  if [[ "$tool" == peerwave ]]; then
    # Not part of the row: the launcher rebuilds when a source changed since the last run, so
    # pay that here. Its time on the small file shows Peerwave's fixed cost (JVM start etc.).
    "$TIME" -f '%e' -o "$WORK/log/peerwave-pre.time" \
      "${PW_CMD[@]}" create "$WORK/warm/warmup.bin" -o "$WORK/warm/pre-$mode-r$round.torrent" \
      "--$mode" --piece-length "$PIECE_LENGTH" --no-date > "$WORK/log/peerwave-pre.log" 2>&1 || true
    local pre
    pre=$(tail -n 1 "$WORK/log/peerwave-pre.time" 2>/dev/null || true)
    if [[ "$pre" =~ ^[0-9.]+$ ]] && { [[ -z "$PEERWAVE_FIXED" ]] \
         || awk -v a="$pre" -v b="$PEERWAVE_FIXED" 'BEGIN {exit !(a < b)}'; }; then
      PEERWAVE_FIXED=$pre
    fi
  fi
  say "round $round: $tool $mode"
  if ! "$TIME" -f '%e %U %S %M' -o "$tf" "${CMD[@]}" > "$log" 2>&1 || [[ ! -s "$out" ]]; then
    echo "create-bench: $tool $mode failed (log: $log):" >&2
    tail -n 5 "$log" >&2 || true
    STATUS[$key]=failed
    return 0
  fi
  local e u s m
  read -r e u s m < <(tail -n 1 "$tf")
  if [[ -z "${WALL[$key]:-}" ]] || awk -v a="$e" -v b="${WALL[$key]}" 'BEGIN {exit !(a < b)}'; then
    WALL[$key]=$e; USR[$key]=$u; SYS[$key]=$s; RSS[$key]=$m; OUT[$key]=$out
  fi
  STATUS[$key]=ok
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOAD_BEFORE%% *}" -v c="$CORES" 'BEGIN {exit !(l > c)}'; then
  echo "create-bench: warning: load average $LOAD_BEFORE on $CORES cores; other work" \
       "will slow the tools down unevenly" >&2
fi
for ((round = 1; round <= REPEAT; round++)); do
  warm_cache
  for row in "${ROWS[@]}"; do
    read -r tool mode <<< "$row"
    if [[ "$tool" == peerwave && "$PEERWAVE_OK" == 0 ]]; then
      STATUS[$row]=skipped
      continue
    fi
    run_row "$round" "$tool" "$mode"
  done
done

# ---- cross-check the produced piece hashes ---------------------------------------------------
# v1 "pieces" must equal mktorrent's; v2 "pieces root"s must equal libtorrent v2's.
declare -A V1DIG V2DIG
summary_args=()
for row in "${ROWS[@]}"; do
  [[ "${STATUS[$row]:-}" == ok ]] && summary_args+=("${OUT[$row]}")
done
if ((${#summary_args[@]} > 0)); then
  while IFS=$'\t' read -r path _v1 _v2 pdig rdig; do
    V1DIG[$path]=$pdig; V2DIG[$path]=$rdig
  done < <("$PYTHON" "$LT_HELPER" summary "${summary_args[@]}")
fi
ref_v1=""; ref_v2=""
[[ "${STATUS[mktorrent v1]:-}" == ok ]] && ref_v1=${V1DIG[${OUT[mktorrent v1]}]}
[[ "${STATUS[libtorrent v2]:-}" == ok ]] && ref_v2=${V2DIG[${OUT[libtorrent v2]}]}
check_row() { # row -> ok | DIFFERENT | ref | ?
  local row=$1 out=${OUT[$1]} res=ok
  read -r _tool mode <<< "$row"
  if [[ "$row" == "mktorrent v1" || "$row" == "libtorrent v2" ]]; then echo ref; return; fi
  if [[ "$mode" == v1 || "$mode" == hybrid ]]; then
    [[ -n "$ref_v1" ]] || { echo "?"; return; }
    [[ "${V1DIG[$out]}" == "$ref_v1" ]] || res=DIFFERENT
  fi
  if [[ "$mode" == v2 || "$mode" == hybrid ]]; then
    [[ -n "$ref_v2" ]] || { echo "?"; return; }
    [[ "${V2DIG[$out]}" == "$ref_v2" ]] || res=DIFFERENT
  fi
  echo "$res"
}

# ---- report ---------------------------------------------------------------------------------
mbps() { awk -v b="$SIZE_BYTES" -v t="$1" 'BEGIN {printf "%.0f", (t > 0 ? b / t / 1e6 : 0)}'; }
f0() { awk -v x="$1" 'BEGIN {printf "%.0f", x / 1e6}'; }

report() {
  local cpu_model
  cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo
  echo "## Torrent creation, ${SIZE_MB} MiB random file, piece length $PIECE_LENGTH, page cache warm"
  echo
  echo "Machine: ${cpu_model:-unknown CPU}, $(nproc) cores, $(uname -sr)." \
       "Tools: mktorrent $(mktorrent -h 2>/dev/null | awk 'NR==1 {print $2}') (-t $THREADS)," \
       "libtorrent $("$PYTHON" -c 'import libtorrent; print(libtorrent.__version__)')," \
       "$(openssl version | awk '{print $1, $2}'). Best of $REPEAT round(s)." \
       "Load average before the runs: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Hash limits (openssl speed, 1 MiB blocks): SHA-1 $(f0 "$SHA1_1") MB/s per core," \
       "$(f0 "$SHA1_N") MB/s on $CORES processes; SHA-256 $(f0 "$SHA256_1") MB/s per core," \
       "$(f0 "$SHA256_N") MB/s on $CORES processes."
  echo "Ideal = single-core rate × $CORES cores: v1 $(f0 "$(limit_rate v1)") MB/s," \
       "v2 $(f0 "$(limit_rate v2)") MB/s, hybrid (SHA-1 and SHA-256 over every byte)" \
       "$(f0 "$(limit_rate hybrid)") MB/s."
  echo
  echo "| Tool | Mode | Wall s | User s | Sys s | CPU s | Max RSS MB | MB/s | % of ideal | Peerwave speed-up | Piece hashes |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  local row tool mode st pw cpu rate pct speedup
  for row in "${ROWS[@]}"; do
    read -r tool mode <<< "$row"
    st=${STATUS[$row]:-skipped}
    if [[ "$st" != ok ]]; then
      echo "| $tool | $mode | $st | | | | | | | | |"
      continue
    fi
    cpu=$(awk -v u="${USR[$row]}" -v s="${SYS[$row]}" 'BEGIN {printf "%.2f", u + s}')
    rate=$(mbps "${WALL[$row]}")
    pct=$(awk -v r="$rate" -v l="$(limit_rate "$mode")" 'BEGIN {printf "%.0f%%", r * 1e6 / l * 100}')
    pw="peerwave $mode"
    if [[ "${STATUS[$pw]:-}" == ok ]]; then
      speedup=$(awk -v t="${WALL[$row]}" -v p="${WALL[$pw]}" 'BEGIN {printf "%.2f×", (p > 0 ? t / p : 0)}')
    else
      speedup="n/a"
    fi
    echo "| $tool | $mode | ${WALL[$row]} | ${USR[$row]} | ${SYS[$row]} | $cpu" \
         "| $(awk -v k="${RSS[$row]}" 'BEGIN {printf "%.0f", k / 1024}') | $rate | $pct" \
         "| $speedup | $(check_row "$row") |"
  done
  echo
  echo "MB/s = 10^6 bytes per second of wall time (whole process: start-up, reading, hashing," \
       "writing the .torrent). Peerwave speed-up = the row's wall time / Peerwave's wall time in" \
       "the same mode (above 1 means Peerwave is faster). % of ideal = MB/s / ideal for the mode." \
       "Piece hashes: v1 pieces compared with mktorrent's, v2 pieces roots with libtorrent v2's."
  if [[ "$PEERWAVE_OK" == 0 ]]; then
    echo
    echo "Peerwave rows skipped: $PEERWAVE_WHY"
  elif [[ -n "$PEERWAVE_FIXED" ]]; then
    echo
    echo "Peerwave's fixed cost: ${PEERWAVE_FIXED} s wall for the same command on a ${WARMUP_MB} MiB" \
         "file (JVM start, class loading, writing the torrent), included in its rows above."
  fi
}

if [[ -n "$RESULT_FILE" ]]; then
  report | tee "$RESULT_FILE"
else
  report
fi

# A piece-hash mismatch is a failure of the run, not just a line in the table.
for row in "${ROWS[@]}"; do
  if [[ "${STATUS[$row]:-}" == ok && "$(check_row "$row")" == DIFFERENT ]]; then
    die "$row produced piece hashes that differ from the reference"
  fi
done
