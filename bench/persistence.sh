#!/usr/bin/env bash
# RDB persistence benchmark: Lodestone beside Debian's redis-server, in one run.
#
#   bench/persistence.sh            (KEYS=1000000 VALUE=100 by default)
#
# For each server: load KEYS keys of VALUE bytes, then measure
#   - SAVE time and dump size,
#   - restart-to-ready time (start until PING answers PONG with every key loaded),
#   - SET throughput (redis-benchmark -P 16) without a snapshot, and while BGSAVEs run back to back,
#   - memory (PSS of the server and its children, so a fork's shared pages are not counted twice)
#     before, and at its peak during the BGSAVE run.
# Only loopback traffic; every wait is bounded; servers are stopped at the end.
set -euo pipefail

KEYS=${KEYS:-1000000}
VALUE=${VALUE:-100}
BENCH_REQUESTS=${BENCH_REQUESTS:-3000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/server/target/lodestone-server.jar"
JAVA_OPTS=${JAVA_OPTS:-}
WORK=$(mktemp -d /tmp/lodestone-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -B -q -o install -DskipTests)
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

now_ms() { date +%s%3N; }

# start_server NAME PORT DIR -> echoes the pid
start_server() {
    local name=$1 port=$2 dir=$3
    if [ "$name" = redis ]; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
            --logfile "$dir/server.log" >/dev/null 2>&1 &
    else
        # shellcheck disable=SC2086
        java $JAVA_OPTS -jar "$JAR" --port "$port" --bind 127.0.0.1 --save '' --dir "$dir" \
            >"$dir/server.log" 2>&1 &
    fi
    echo $!
}

wait_ready() {  # port, expected dbsize
    local port=$1 expect=$2
    for _ in $(seq 1 6000); do
        if [ "$(redis-cli -p "$port" PING 2>/dev/null)" = PONG ] \
            && [ "$(redis-cli -p "$port" DBSIZE 2>/dev/null)" = "$expect" ]; then
            return 0
        fi
        sleep 0.01
    done
    echo "server on port $port not ready" >&2
    return 1
}

pss_kb() {  # pid: PSS of the process and its children, in kB
    local total=0 p
    for p in $1 $(pgrep -P "$1" || true); do
        local v
        v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

populate() {  # port
    python3 - "$KEYS" "$VALUE" <<'PY' | redis-cli -p "$1" --pipe >/dev/null
import sys
keys, size = int(sys.argv[1]), int(sys.argv[2])
value = b"v" * size
out = sys.stdout.buffer
chunk = []
for i in range(keys):
    k = b"key:%012d" % i
    chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, size, value))
    if len(chunk) == 10000:
        out.write(b"".join(chunk)); chunk = []
out.write(b"".join(chunk))
PY
}

throughput() {  # port -> requests per second of SET with pipelining
    redis-benchmark -p "$1" -t set -n "$BENCH_REQUESTS" -r "$KEYS" -d "$VALUE" -P 16 -c 50 -q --csv 2>/dev/null \
        | awk -F'"' '/"SET"/ {print int($4)}'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R
for name in redis lodestone; do
    dir="$WORK/$name"; mkdir -p "$dir"
    port=$(free_port)
    pid=$(start_server "$name" "$port" "$dir"); PIDS+=("$pid")
    wait_ready "$port" 0
    populate "$port"
    wait_ready "$port" "$KEYS"

    t0=$(now_ms); redis-cli -p "$port" SAVE >/dev/null; t1=$(now_ms)
    R[$name,save_ms]=$((t1 - t0))
    R[$name,dump_bytes]=$(stat -c %s "$dir/dump.rdb")

    # the same load without a snapshot, for the throughput and memory baselines
    R[$name,pss_before]=$(pss_kb "$pid")
    peak=${R[$name,pss_before]}
    throughput "$port" >"$dir/tput" &
    bench=$!
    while kill -0 "$bench" 2>/dev/null; do
        m=$(pss_kb "$pid"); [ "$m" -gt "$peak" ] && peak=$m
        sleep 0.05
    done
    wait "$bench" || true
    R[$name,tput_plain]=$(cat "$dir/tput")
    R[$name,pss_plain_peak]=$peak

    # back-to-back BGSAVEs while redis-benchmark writes
    peak=$(pss_kb "$pid")
    throughput "$port" >"$dir/tput" &
    bench=$!
    saves=0
    while kill -0 "$bench" 2>/dev/null; do
        if [ "$(redis-cli -p "$port" BGSAVE 2>/dev/null)" = "Background saving started" ]; then
            saves=$((saves + 1))
        fi
        m=$(pss_kb "$pid"); [ "$m" -gt "$peak" ] && peak=$m
        sleep 0.05
    done
    wait "$bench" || true
    R[$name,tput_bgsave]=$(cat "$dir/tput")
    R[$name,pss_peak]=$peak
    R[$name,bgsaves]=$saves
    sleep 2  # let the last BGSAVE finish before measuring the restart

    redis-cli -p "$port" SAVE >/dev/null
    redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    for _ in $(seq 1 3000); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
    t0=$(now_ms)
    pid=$(start_server "$name" "$port" "$dir"); PIDS+=("$pid")
    wait_ready "$port" "$KEYS"
    t1=$(now_ms)
    R[$name,restart_ms]=$((t1 - t0))
    redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
done

ratio() { python3 -c "print('%.2f' % ($1 / $2))" 2>/dev/null || echo "-"; }
pct() { python3 -c "print('%+.1f%%' % (($1 - $2) * 100.0 / $2))"; }

echo
echo "load average before the run: $LOAD_BEFORE (2 cores; other work on the machine skews absolute numbers)"
echo "RDB persistence: $KEYS keys of $VALUE bytes (redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) vs Lodestone)"
printf '%-42s %16s %16s %10s\n' "" "redis-server" "lodestone" "L/R"
printf '%-42s %16s %16s %10s\n' "SAVE time (ms)" "${R[redis,save_ms]}" "${R[lodestone,save_ms]}" "$(ratio "${R[lodestone,save_ms]}" "${R[redis,save_ms]}")"
printf '%-42s %16s %16s %10s\n' "dump size (bytes)" "${R[redis,dump_bytes]}" "${R[lodestone,dump_bytes]}" "$(ratio "${R[lodestone,dump_bytes]}" "${R[redis,dump_bytes]}")"
printf '%-42s %16s %16s %10s\n' "restart to ready (ms)" "${R[redis,restart_ms]}" "${R[lodestone,restart_ms]}" "$(ratio "${R[lodestone,restart_ms]}" "${R[redis,restart_ms]}")"
printf '%-42s %16s %16s %10s\n' "SET/s, -P 16, no snapshot" "${R[redis,tput_plain]}" "${R[lodestone,tput_plain]}" "$(ratio "${R[lodestone,tput_plain]}" "${R[redis,tput_plain]}")"
printf '%-42s %16s %16s %10s\n' "SET/s, -P 16, BGSAVEs back to back" "${R[redis,tput_bgsave]}" "${R[lodestone,tput_bgsave]}" "$(ratio "${R[lodestone,tput_bgsave]}" "${R[redis,tput_bgsave]}")"
printf '%-42s %16s %16s\n' "  dip versus no snapshot" "$(pct "${R[redis,tput_bgsave]}" "${R[redis,tput_plain]}")" "$(pct "${R[lodestone,tput_bgsave]}" "${R[lodestone,tput_plain]}")"
printf '%-42s %16s %16s\n' "  BGSAVEs completed during the run" "${R[redis,bgsaves]}" "${R[lodestone,bgsaves]}"
printf '%-42s %16s %16s\n' "memory before (PSS, kB)" "${R[redis,pss_before]}" "${R[lodestone,pss_before]}"
printf '%-42s %16s %16s\n' "memory peak, same load, no snapshot (kB)" "${R[redis,pss_plain_peak]}" "${R[lodestone,pss_plain_peak]}"
printf '%-42s %16s %16s\n' "memory peak during BGSAVEs (PSS, kB)" "${R[redis,pss_peak]}" "${R[lodestone,pss_peak]}"
printf '%-42s %16s %16s\n' "  growth versus before" "$(pct "${R[redis,pss_peak]}" "${R[redis,pss_before]}")" "$(pct "${R[lodestone,pss_peak]}" "${R[lodestone,pss_before]}")"
printf '%-42s %16s %16s\n' "  growth versus the same load, no snapshot" "$(pct "${R[redis,pss_peak]}" "${R[redis,pss_plain_peak]}")" "$(pct "${R[lodestone,pss_peak]}" "${R[lodestone,pss_plain_peak]}")"
