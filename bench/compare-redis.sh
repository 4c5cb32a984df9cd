#!/usr/bin/env bash
# Compares Lodestone with Debian's redis-server on this machine, in one run:
#   1. throughput: redis-benchmark -t set,get,incr,hset -n 200000 -c 50 at -P 1 and -P 16,
#      servers alternating, median of the rounds, ratio Lodestone/Redis;
#   2. memory: 1,000,000 distinct keys (key:%010d) with 100-byte random values loaded with
#      redis-cli --pipe into a fresh server of each kind; RSS before and after, bytes per key.
# Prints a markdown table at the end.
#
# usage: bench/compare-redis.sh [--rounds N] [--requests N] [--keys N] [--no-throughput] [--no-memory]
# Lodestone is started with ./lodestone-server (so with its JVM flags; LODESTONE_HEAP and
# LODESTONE_JAVA_OPTS apply). Both servers listen on free loopback ports, persistence off.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
requests=200000
keys=1000000
clients=50
tests=(set get incr hset)
pipelines=(1 16)
do_throughput=1
do_memory=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --no-throughput) do_throughput=0; shift ;;
        --no-memory) do_memory=0; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

for tool in redis-server redis-cli redis-benchmark python3 java; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/lodestone-bench.XXXXXX")"
pids=()

stop_pid() {
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        stop_pid "$pid"
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nobody listens on (the OS picks it from the ephemeral range).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# owns_port PID PORT: the listener on PORT is that process (skipped without ss)
owns_port() {
    command -v ss >/dev/null || return 0
    ss -ltnpH "sport = :$2" 2>/dev/null | grep -q "pid=$1,"
}

# wait_ready PORT PID NAME: until PONG from the process we started (not someone else on that port).
wait_ready() {
    local port="$1" pid="$2" name="$3" i
    for i in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "bench: $name exited during startup; its log:" >&2
            cat "$work/$name.log" >&2 || true
            exit 1
        fi
        if [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]] && owns_port "$pid" "$port"; then
            return 0
        fi
        sleep 0.1
    done
    echo "bench: $name did not answer PING on port $port within 30 s" >&2
    exit 1
}

# start_redis NAME -> sets started_port, started_pid
start_redis() {
    local name="$1"
    started_port="$(free_port)"
    redis-server --port "$started_port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$work" --logfile "$work/$name.log" &
    started_pid=$!
    pids+=("$started_pid")
    wait_ready "$started_port" "$started_pid" "$name"
}

start_lodestone() {
    local name="$1"
    started_port="$(free_port)"
    "$root/lodestone-server" --port "$started_port" >"$work/$name.log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    wait_ready "$started_port" "$started_pid" "$name"
}

stop_server() {
    stop_pid "$1"
}

rss_kb() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# heap used in KiB (survivors + eden + old), from jstat
heap_used_kb() {
    jstat -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
        NR == 2 { printf "%d\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }'
}

jvm_gc() {
    jcmd "$1" GC.run >/dev/null 2>&1 || true
    sleep 1
}

median() {
    if (( $# == 0 )); then
        echo "n/a"
        return
    fi
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

fmt_int() {
    awk -v v="$1" 'BEGIN { if (v == "n/a") print v; else printf "%.0f\n", v }'
}

# run_benchmark PORT TEST PIPELINE -> ops/s, or n/a when the server failed the test
run_benchmark() {
    local port="$1" test="$2" depth="$3" out
    if ! out="$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$port" -t "$test" -n "$requests" \
                 -c "$clients" -P "$depth" -q --csv 2>&1)"; then
        echo "n/a"
        return
    fi
    # a server that answers errors makes redis-benchmark print them: not a valid measurement
    if grep -qiE '^(error|.*ERR )' <<<"$out"; then
        echo "n/a"
        return
    fi
    # the CSV row of the test ("SET","12345.67",...); warnings may come before the header
    grep -E '^"[A-Z]' <<<"$out" | grep -v '^"test"' | head -n 1 | cut -d'"' -f4 | grep -E '^[0-9.]+$' || echo "n/a"
}

declare -A results # results[server,test,depth] = space separated ops/s of each round
start_time=$SECONDS
table="$work/table.md"
: >"$table"

if [[ $do_throughput == 1 ]]; then
    echo "== throughput: redis-benchmark -n $requests -c $clients, $rounds rounds, pipelines ${pipelines[*]}"
    start_redis redis
    redis_port=$started_port; redis_pid=$started_pid
    start_lodestone lodestone
    lode_port=$started_port; lode_pid=$started_pid

    echo "warming up both servers (one unmeasured pass, lets the JIT compile the hot paths)"
    for test in "${tests[@]}"; do
        run_benchmark "$redis_port" "$test" 16 >/dev/null
        run_benchmark "$lode_port" "$test" 16 >/dev/null
        run_benchmark "$lode_port" "$test" 1 >/dev/null
    done

    for round in $(seq 1 "$rounds"); do
        # alternate which server goes first, so neither always meets a warmer/cooler machine
        if (( round % 2 )); then order=(redis lodestone); else order=(lodestone redis); fi
        for depth in "${pipelines[@]}"; do
            for test in "${tests[@]}"; do
                for server in "${order[@]}"; do
                    if [[ $server == redis ]]; then port=$redis_port; else port=$lode_port; fi
                    ops="$(run_benchmark "$port" "$test" "$depth")"
                    results[$server,$test,$depth]+="$ops "
                    printf 'round %d  -P %-2d %-5s %-9s %12s ops/s\n' "$round" "$depth" "$test" "$server" "$ops"
                done
            done
        done
    done
    stop_server "$redis_pid"
    stop_server "$lode_pid"

    {
        echo "### Throughput (redis-benchmark -n $requests -c $clients, median of $rounds rounds)"
        echo
        echo "| test | pipeline | Redis ops/s | Lodestone ops/s | Lodestone/Redis |"
        echo "| --- | ---: | ---: | ---: | ---: |"
        for depth in "${pipelines[@]}"; do
            for test in "${tests[@]}"; do
                # shellcheck disable=SC2086
                r="$(median $(tr ' ' '\n' <<<"${results[redis,$test,$depth]}" | grep -E '^[0-9.]+$'))"
                # shellcheck disable=SC2086
                l="$(median $(tr ' ' '\n' <<<"${results[lodestone,$test,$depth]}" | grep -E '^[0-9.]+$'))"
                echo "| ${test^^} | $depth | $(fmt_int "$r") | $(fmt_int "$l") | $(ratio "$l" "$r") |"
            done
        done
        echo
    } >>"$table"
fi

# ---- memory ----
# The RESP stream of $keys SETs of key:%010d -> 100 random bytes (fixed seed: same data for both).
generate_sets() {
    python3 -c '
import random, sys
n = int(sys.argv[1])
rnd = random.Random(20240601)
out = sys.stdout.buffer
head = b"*3\r\n$3\r\nSET\r\n$14\r\n"
chunk = []
for i in range(n):
    chunk.append(b"%skey:%010d\r\n$100\r\n%s\r\n" % (head, i, rnd.randbytes(100)))
    if len(chunk) == 10000:
        out.write(b"".join(chunk))
        chunk.clear()
out.write(b"".join(chunk))
' "$1"
}

# load PORT -> checks redis-cli --pipe saw no error and one reply per key
load_keys() {
    local port="$1" summary
    summary="$(generate_sets "$keys" | redis-cli -p "$port" --pipe 2>&1 | tail -n 1)"
    echo "  redis-cli --pipe: $summary"
    if [[ "$summary" != "errors: 0, replies: $keys" ]]; then
        echo "bench: loading failed on port $port" >&2
        return 1
    fi
}

if [[ $do_memory == 1 ]]; then
    echo "== memory: $keys keys of 100-byte values"
    start_redis redis-mem
    rp=$started_port; rpid=$started_pid
    r_before=$(rss_kb "$rpid")
    r_used_before=$(redis-cli -p "$rp" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
    load_keys "$rp"
    sleep 2
    r_after=$(rss_kb "$rpid")
    r_used_after=$(redis-cli -p "$rp" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
    echo "  redis:     RSS ${r_before} KiB -> ${r_after} KiB, used_memory $r_used_before -> $r_used_after B"
    stop_server "$rpid"

    start_lodestone lodestone-mem
    lp=$started_port; lpid=$started_pid
    jvm_gc "$lpid"
    l_before=$(rss_kb "$lpid")
    l_heap_before=$(heap_used_kb "$lpid")
    load_keys "$lp"
    sleep 2
    jvm_gc "$lpid"
    l_after=$(rss_kb "$lpid")
    l_heap_after=$(heap_used_kb "$lpid")
    echo "  lodestone: RSS ${l_before} KiB -> ${l_after} KiB, heap used ${l_heap_before} -> ${l_heap_after} KiB (after GC.run)"
    stop_server "$lpid"

    per_key() { awk -v a="$1" -v b="$2" -v n="$keys" 'BEGIN { printf "%.1f\n", (b - a) * 1024 / n }'; }
    r_pk=$(per_key "$r_before" "$r_after")
    l_pk=$(per_key "$l_before" "$l_after")
    r_used_pk=$(awk -v a="$r_used_before" -v b="$r_used_after" -v n="$keys" 'BEGIN { printf "%.1f\n", (b - a) / n }')
    l_heap_pk=$(per_key "$l_heap_before" "$l_heap_after")
    {
        echo "### Memory ($keys keys, 14-byte names, 100-byte values)"
        echo
        echo "| server | RSS before | RSS after | RSS bytes/key | data bytes/key |"
        echo "| --- | ---: | ---: | ---: | ---: |"
        echo "| Redis | $((r_before / 1024)) MiB | $((r_after / 1024)) MiB | $r_pk | $r_used_pk (used_memory) |"
        echo "| Lodestone | $((l_before / 1024)) MiB | $((l_after / 1024)) MiB | $l_pk | $l_heap_pk (heap used after GC) |"
        echo "| Lodestone/Redis | | | $(ratio "$l_pk" "$r_pk") | $(ratio "$l_heap_pk" "$r_used_pk") |"
        echo
    } >>"$table"
fi

echo
echo "## Lodestone vs redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
cat "$table"
echo "(bench/compare-redis.sh, $((SECONDS - start_time)) s)"
