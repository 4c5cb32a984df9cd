#!/usr/bin/env bash
# Compares Lodestone with Debian's redis-server on this machine, in one run:
#   1. throughput: redis-benchmark -n 200000 -c 50 at -P 1 and -P 16 for
#      set,get,incr,hset,lpush,rpop,sadd,spop,zadd,zrangebyscore (the last one a custom command,
#      ZRANGEBYSCORE bench:zset <random> +inf LIMIT 0 10 over a 1,000-member sorted set: Redis 7.0's
#      redis-benchmark has no such test), servers alternating, median of the rounds, ratio
#      Lodestone/Redis;
#   2. memory, each dataset loaded with redis-cli --pipe into a fresh server of each kind, RSS and
#      the data's own size (Redis's used_memory, Lodestone's heap after a full GC) before and after:
#        - 1,000,000 string keys (key:%010d) with 100-byte random values;
#        - 1,000,000 session-like hashes (session:%010d), 5 fields of about 20 bytes each
#          (a 10-16-byte name, a 20-byte value);
#        - one sorted set of 1,000,000 members (member:%010d, random scores), load time too.
# A command a server does not know (a type not built yet) shows as n/a rather than failing the run.
# Prints a markdown table at the end. The default run takes about 8-10 minutes.
#
# usage: bench/compare-redis.sh [--rounds N] [--requests N] [--keys N] [--tests a,b,...]
#                               [--no-throughput] [--no-memory]
# Lodestone is started with ./lodestone-server (so with its JVM flags; LODESTONE_HEAP and
# LODESTONE_JAVA_OPTS apply). Both servers listen on free loopback ports, persistence off.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
requests=200000
keys=1000000
clients=50
tests=(set get incr hset lpush rpop sadd spop zadd zrangebyscore)
pipelines=(1 16)
do_throughput=1
do_memory=1

# Tests that redis-benchmark 7.0 does not have: a command line of our own (__rand_int__ < 1000).
declare -A custom=(
    [zrangebyscore]="ZRANGEBYSCORE bench:zset __rand_int__ +inf LIMIT 0 10"
)
# Members of bench:zset, loaded into both servers before the throughput runs.
bench_zset_size=1000

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --tests) IFS=, read -r -a tests <<<"$2"; shift 2 ;;
        --no-throughput) do_throughput=0; shift ;;
        --no-memory) do_memory=0; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
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
    # persistence off and files in the scratch dir, as for redis-server: a dump left by one server
    # must never be loaded by the next
    "$root/lodestone-server" --port "$started_port" --bind 127.0.0.1 --save "" --dir "$work" \
        >"$work/$name.log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    wait_ready "$started_port" "$started_pid" "$name"
}

# start KIND NAME: start_redis or start_lodestone
start() {
    if [[ $1 == redis ]]; then start_redis "$2"; else start_lodestone "$2"; fi
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

used_memory() {
    redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'
}

# data_bytes KIND PORT PID: the data's own size: Redis's used_memory, Lodestone's heap in use
data_bytes() {
    if [[ $1 == redis ]]; then
        used_memory "$2"
    else
        local kb
        kb="$(heap_used_kb "$3")"
        echo $(( ${kb:-0} * 1024 ))
    fi
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
    local -a what
    if [[ -n "${custom[$test]:-}" ]]; then
        read -r -a what <<<"${custom[$test]}"
        what=(-r 1000 "${what[@]}")
    else
        what=(-t "$test")
    fi
    if ! out="$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$port" -n "$requests" -c "$clients" -P "$depth" \
                 -q --csv "${what[@]}" 2>&1)"; then
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

# The sorted set the zrangebyscore test reads: members m0..m999 with scores 0..999.
load_bench_zset() {
    local port="$1"
    python3 -c '
import sys
n = int(sys.argv[1])
args = ["ZADD", "bench:zset"] + [x for i in range(n) for x in (str(i), "m%d" % i)]
sys.stdout.write("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a), a) for a in args))
' "$bench_zset_size" | redis-cli -p "$port" --pipe >/dev/null 2>&1 || true
}

declare -A results # results[server,test,depth] = space separated ops/s of each round
start_time=$SECONDS
table="$work/table.md"
: >"$table"

if [[ $do_throughput == 1 ]]; then
    echo "== throughput: redis-benchmark -n $requests -c $clients, $rounds rounds, pipelines ${pipelines[*]}, tests ${tests[*]}"
    start_redis redis
    redis_port=$started_port; redis_pid=$started_pid
    start_lodestone lodestone
    lode_port=$started_port; lode_pid=$started_pid
    load_bench_zset "$redis_port"
    load_bench_zset "$lode_port"

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
                    printf 'round %d  -P %-2d %-13s %-9s %12s ops/s\n' "$round" "$depth" "$test" "$server" "$ops"
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
        echo "ZRANGEBYSCORE is \`${custom[zrangebyscore]}\` with \`-r 1000\` over a $bench_zset_size-member sorted set."
        echo
    } >>"$table"
fi

# ---- memory ----
# Each generator writes the RESP stream of a dataset to stdout (fixed seed: same data for both).

# $keys SETs of key:%010d -> 100 random bytes
generate_strings() {
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

# $keys HSETs of session:%010d with 5 fields (a 10-16-byte name, a 20-byte value), as a web
# session store keeps them
generate_hashes() {
    python3 -c '
import random, string, sys
n = int(sys.argv[1])
rnd = random.Random(20240602)
out = sys.stdout.buffer
names = [b"creationTime", b"lastAccessed", b"maxInactive", b"attr:userId", b"attr:csrfToken"]
alphabet = (string.ascii_letters + string.digits).encode()
to_text = bytes(alphabet[i % len(alphabet)] for i in range(256))  # random bytes -> letters and digits
def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)
chunk = []
for i in range(n):
    parts = [b"*12\r\n$4\r\nHSET\r\n", bulk(b"session:%010d" % i)]
    for name in names:
        parts.append(bulk(name))
        parts.append(bulk(rnd.randbytes(20).translate(to_text)))
    chunk.append(b"".join(parts))
    if len(chunk) == 10000:
        out.write(b"".join(chunk))
        chunk.clear()
out.write(b"".join(chunk))
' "$1"
}

# one sorted set of $keys members (member:%010d), random scores, 1,000 members per ZADD
generate_zset() {
    python3 -c '
import random, sys
n = int(sys.argv[1])
rnd = random.Random(20240603)
out = sys.stdout.buffer
def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)
for start in range(0, n, 1000):
    members = range(start, min(n, start + 1000))
    parts = [b"*%d\r\n" % (2 + 2 * len(members)), bulk(b"ZADD"), bulk(b"bench:bigzset")]
    for i in members:
        parts.append(bulk(b"%.6f" % (rnd.random() * 1e6)))
        parts.append(bulk(b"member:%010d" % i))
    out.write(b"".join(parts))
' "$1"
}

# load FILE PORT COMMANDS -> true if redis-cli --pipe saw no error and one reply per command
load() {
    local file="$1" port="$2" commands="$3" summary
    summary="$(redis-cli -p "$port" --pipe <"$file" 2>&1 | tail -n 1)"
    echo "  redis-cli --pipe: $summary"
    [[ "$summary" == "errors: 0, replies: $commands" ]]
}

# measure LABEL GENERATOR ITEMS COMMANDS: loads the dataset into a fresh server of each kind and
# appends a row to the memory table (bytes per item, load time)
memory_rows=()
measure() {
    local label="$1" gen="$2" items="$3" commands="$4"
    local kind name before after data_before data_after t0 t1 ok
    local file="$work/$gen.resp"
    declare -A rss data secs
    # written to a file first, so the load time is the server's, not the generator's
    "$gen" "$items" >"$file"
    for kind in redis lodestone; do
        name="$kind-mem-$gen"
        start "$kind" "$name"
        local port=$started_port pid=$started_pid
        if [[ $kind == lodestone ]]; then jvm_gc "$pid"; fi
        before=$(rss_kb "$pid")
        data_before=$(data_bytes "$kind" "$port" "$pid")
        t0=$(date +%s.%N)
        ok=1
        load "$file" "$port" "$commands" || ok=0
        t1=$(date +%s.%N)
        sleep 2
        if [[ $kind == lodestone ]]; then jvm_gc "$pid"; fi
        after=$(rss_kb "$pid")
        data_after=$(data_bytes "$kind" "$port" "$pid")
        stop_server "$pid"
        if (( ok )); then
            rss[$kind]=$(awk -v a="$before" -v b="$after" -v n="$items" 'BEGIN { printf "%.1f", (b - a) * 1024 / n }')
            data[$kind]=$(awk -v a="$data_before" -v b="$data_after" -v n="$items" 'BEGIN { printf "%.1f", (b - a) / n }')
            secs[$kind]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
        else
            echo "  $kind could not load it (a command it does not know?): n/a"
            rss[$kind]=n/a; data[$kind]=n/a; secs[$kind]=n/a
        fi
        echo "  $kind: RSS ${before} KiB -> ${after} KiB, data $data_before -> $data_after B, load ${secs[$kind]} s"
    done
    rm -f "$file"
    memory_rows+=("| $label | ${rss[redis]} | ${rss[lodestone]} | $(ratio "${rss[lodestone]}" "${rss[redis]}") | ${data[redis]} | ${data[lodestone]} | $(ratio "${data[lodestone]}" "${data[redis]}") | ${secs[redis]} | ${secs[lodestone]} |")
}

if [[ $do_memory == 1 ]]; then
    echo "== memory: $keys strings, $keys five-field hashes, a $keys-member sorted set"
    measure "$keys keys, 100-byte strings (per key)" generate_strings "$keys" "$keys"
    measure "$keys five-field hashes (per hash)" generate_hashes "$keys" "$keys"
    measure "one $keys-member sorted set (per member)" generate_zset "$keys" "$(( (keys + 999) / 1000 ))"
    {
        echo "### Memory (bytes per item; data = Redis's used_memory, Lodestone's heap in use after a full GC)"
        echo
        echo "| dataset | Redis RSS | Lodestone RSS | RSS Lodestone/Redis | Redis data | Lodestone data | data Lodestone/Redis | Redis load s | Lodestone load s |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        printf '%s\n' "${memory_rows[@]}"
        echo
    } >>"$table"
fi

echo
echo "## Lodestone vs redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
cat "$table"
echo "(bench/compare-redis.sh, $((SECONDS - start_time)) s)"
