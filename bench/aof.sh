#!/usr/bin/env bash
# AOF benchmark: Lodestone beside Debian's redis-server, in one run, both with appendonly yes.
#
#   bench/aof.sh            (KEYS=1000000 VALUE=100 ROUNDS=3 by default)
#
# For each server (started fresh, AOF on, RDB snapshots off):
#   - SET throughput (after a warm-up run), redis-benchmark -P 16 -c 50, with appendfsync everysec and always
#     (median of ROUNDS runs, the servers alternating), and -P 1 with always;
#   - BGREWRITEAOF of KEYS keys of VALUE bytes: time and the AOF's size after it;
#   - restart to ready from the AOF (its RDB base plus the incremental file the benchmark wrote).
# Lodestone runs through ./lodestone-server (its JVM flags). Loopback only; servers stopped at the end.
set -euo pipefail

KEYS=${KEYS:-1000000}
VALUE=${VALUE:-100}
ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lodestone-aof-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

start_server() {  # name port dir -> pid
    local name=$1 port=$2 dir=$3
    if [ "$name" = redis ]; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --dir "$dir" \
            --logfile "$dir/server.log" >/dev/null 2>&1 &
    else
        "$ROOT/lodestone-server" --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --dir "$dir" \
            >"$dir/server.log" 2>&1 &
    fi
    echo $!
}

wait_ready() {  # port expected-dbsize
    for _ in $(seq 1 12000); do
        if [ "$(redis-cli -p "$1" PING 2>/dev/null)" = PONG ] && [ "$(redis-cli -p "$1" DBSIZE 2>/dev/null)" = "$2" ]; then
            return 0
        fi
        sleep 0.01
    done
    echo "server on port $1 not ready" >&2; return 1
}


tput() {  # port pipeline requests -> SET/s
    redis-benchmark -p "$1" -t set -n "$3" -r "$KEYS" -d "$VALUE" -P "$2" -c 50 -q --csv 2>/dev/null \
        | awk -F'"' '/"SET"/ {print int($4)}'
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))" 2>/dev/null || echo "-"; }

# build (if needed) and record the class-data archive now, not in the first timed start
"$ROOT/lodestone-server" --prepare
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R PORT PID
for name in redis lodestone; do
    dir="$WORK/$name"; mkdir -p "$dir"
    PORT[$name]=$(free_port)
    PID[$name]=$(start_server "$name" "${PORT[$name]}" "$dir"); PIDS+=("${PID[$name]}")
    wait_ready "${PORT[$name]}" 0
    populate "${PORT[$name]}"
    wait_ready "${PORT[$name]}" "$KEYS"
done

for name in redis lodestone; do tput "${PORT[$name]}" 16 $((REQUESTS / 4)) >/dev/null; done  # warm-up (the JIT)
for mode in everysec always; do
    for name in redis lodestone; do redis-cli -p "${PORT[$name]}" CONFIG SET appendfsync "$mode" >/dev/null; done
    declare -A RUNS=()
    for _ in $(seq 1 "$ROUNDS"); do
        for name in redis lodestone; do
            n=$REQUESTS; [ "$mode" = always ] && n=$((REQUESTS / 4))
            RUNS[$name]="${RUNS[$name]:-} $(tput "${PORT[$name]}" 16 "$n")"
        done
    done
    for name in redis lodestone; do
        # shellcheck disable=SC2086
        R[$name,$mode]=$(median ${RUNS[$name]})
    done
done
declare -A P1=()
for _ in $(seq 1 "$ROUNDS"); do
    for name in redis lodestone; do P1[$name]="${P1[$name]:-} $(tput "${PORT[$name]}" 1 $((REQUESTS / 20)))"; done
done
for name in redis lodestone; do
    # shellcheck disable=SC2086
    R[$name,always1]=$(median ${P1[$name]})
    redis-cli -p "${PORT[$name]}" CONFIG SET appendfsync everysec >/dev/null
done

for name in redis lodestone; do
    port=${PORT[$name]}; dir="$WORK/$name"
    rewrite_idle() { redis-cli -p "$1" INFO persistence | grep -q 'aof_rewrite_in_progress:0'; }
    for _ in $(seq 1 6000); do rewrite_idle "$port" && break; sleep 0.02; done  # an automatic one first
    t0=$(now_ms)
    redis-cli -p "$port" BGREWRITEAOF >/dev/null
    sleep 0.2
    for _ in $(seq 1 6000); do rewrite_idle "$port" && break; sleep 0.02; done
    R[$name,rewrite_ms]=$(($(now_ms) - t0))
    sleep 0.5
    redis-cli -p "$port" SET after-rewrite 1 >/dev/null
    R[$name,aof_bytes]=$(du -sb "$dir/appendonlydir" | cut -f1)
    redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    for _ in $(seq 1 3000); do kill -0 "${PID[$name]}" 2>/dev/null || break; sleep 0.01; done
    t0=$(now_ms)
    pid=$(start_server "$name" "$port" "$dir"); PIDS+=("$pid")
    wait_ready "$port" "$((KEYS + 1))"
    R[$name,restart_ms]=$(($(now_ms) - t0))
    grep -hE "DB loaded|Done loading" "$dir/server.log" >&2 || true
    redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
done

echo
echo "load average before the run: $LOAD_BEFORE (2 cores)"
echo "AOF: $KEYS keys of $VALUE bytes, median of $ROUNDS rounds (redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) vs Lodestone)"
row() { printf '| %-40s | %14s | %14s | %6s |\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"; }
printf '| %-40s | %14s | %14s | %6s |\n' "" "redis-server" "lodestone" "L/R"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..16})" "$(printf -- '-%.0s' {1..16})" "--------"
row "SET/s -P 16, appendfsync everysec" "${R[redis,everysec]}" "${R[lodestone,everysec]}"
row "SET/s -P 16, appendfsync always" "${R[redis,always]}" "${R[lodestone,always]}"
row "SET/s -P 1, appendfsync always" "${R[redis,always1]}" "${R[lodestone,always1]}"
row "BGREWRITEAOF (ms)" "${R[redis,rewrite_ms]}" "${R[lodestone,rewrite_ms]}"
row "AOF size after rewrite (bytes)" "${R[redis,aof_bytes]}" "${R[lodestone,aof_bytes]}"
row "restart to ready from the AOF (ms)" "${R[redis,restart_ms]}" "${R[lodestone,restart_ms]}"
