#!/usr/bin/env bash
# RDB persistence benchmark: Lodestone beside Debian's redis-server, in one run.
#
#   bench/persistence.sh            (KEYS=1000000 VALUE=100 REPS=3 WINDOW=10 by default)
#
# For each server: load KEYS keys of VALUE bytes (key:%012d, redis-benchmark's own key space for
# -r KEYS), then measure
#   - SAVE time and dump size, and restart-to-ready time (start until every key is loaded);
#   - the duration of one BGSAVE with no load (full speed);
#   - REPS repetitions, each on a fresh server (a JVM's heap, once grown, stays grown), of:
#     redis-benchmark SET -P 16 -c 50 over the same key space, looping, and during it two adjacent
#     windows: A, WINDOW seconds of that load alone; B, at least WINDOW seconds of BGSAVEs back to
#     back (only the time a BGSAVE is in progress counts). Throughput is the server's own command
#     count over each window; memory is the PSS of the server and its children (a fork's shared
#     pages counted once) at the end of A ("before") and at its peak in B, and also peak in A
#     against peak in B (a JVM's PSS rises and falls with its collections: a sample at the end of
#     A can be a trough); and each BGSAVE's duration under load (bench/persistence_load.py);
#   - as many control repetitions, the same with no BGSAVE in window B (as long as the bgsave
#     repetition's B): how far B differs from A with no snapshot at all (under a write load a JVM's
#     heap, so its RSS, grows with time whatever else happens);
#   - medians over the repetitions, each repetition's figures with the load average, and what the
#     servers log of their snapshot's memory (Redis: the child's copy-on-write).
# Lodestone runs through ./lodestone-server, so with the JVM flags it is deployed with
# (LODESTONE_HEAP and LODESTONE_JAVA_OPTS apply). The machine's load skews absolute numbers: run
# it when `uptime` is low. Only loopback traffic; every wait is bounded; servers are stopped.
set -euo pipefail

KEYS=${KEYS:-1000000}
VALUE=${VALUE:-100}
REPS=${REPS:-3}
WINDOW=${WINDOW:-10}
SERVERS=${SERVERS:-redis lodestone}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/server/target/lodestone-server.jar"
WORK=$(mktemp -d /tmp/lodestone-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# build first, so that ./lodestone-server does not decide to build in the middle of a measurement
(cd "$ROOT" && mvn -B -q -o package -DskipTests)
"$ROOT/lodestone-server" --prepare  # its class-data archive, recorded once per build

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# start_server NAME PORT DIR -> echoes the pid
start_server() {
    local name=$1 port=$2 dir=$3
    if [ "$name" = redis ]; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
            --logfile "$dir/server.log" >/dev/null 2>&1 &
    else
        # exec's into java: $! is the server's own pid
        "$ROOT/lodestone-server" --port "$port" --bind 127.0.0.1 --save '' --dir "$dir" \
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


stop_server() {  # port pid
    redis-cli -p "$1" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    for _ in $(seq 1 3000); do kill -0 "$2" 2>/dev/null || return 0; sleep 0.01; done
    kill -9 "$2" 2>/dev/null || true
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for name in $SERVERS; do
    dir="$WORK/$name"; mkdir -p "$dir"
    : >"$WORK/$name.extra"
    for rep in $(seq 1 "$REPS"); do
        for mode in bgsave control; do
            # a fresh server for each repetition: a JVM's heap, once grown, stays grown
            rm -f "$dir/dump.rdb"
            port=$(free_port)
            pid=$(start_server "$name" "$port" "$dir"); PIDS+=("$pid")
            wait_ready "$port" 0
            populate "$port"
            wait_ready "$port" "$KEYS"
            if [ "$rep" = 1 ] && [ "$mode" = bgsave ]; then
                t0=$(now_ms); redis-cli -p "$port" SAVE >/dev/null; t1=$(now_ms)
                echo "save_ms $((t1 - t0))" >>"$WORK/$name.extra"
                echo "dump_bytes $(stat -c %s "$dir/dump.rdb")" >>"$WORK/$name.extra"
                python3 "$ROOT/bench/persistence_load.py" idle "$port" "$pid" "$WORK/$name.idle.jsonl"
            fi
            python3 "$ROOT/bench/persistence_load.py" "$mode" "$port" "$pid" "$KEYS" "$VALUE" "$WINDOW" \
                "$WORK/$name.jsonl"
            # what the server logs of its snapshot's memory (Redis: the child's copy-on-write peak)
            grep -hoE 'Fork CoW for RDB: current [0-9]+ MB, peak [0-9]+ MB|RDB: [0-9]+ MB of memory held' \
                "$dir/server.log" | awk '{print "snapshot_mb " ($1 == "RDB:" ? $2 : $9)}' >>"$WORK/$name.extra" || true
            if [ "$rep" = 1 ] && [ "$mode" = bgsave ]; then
                redis-cli -p "$port" SAVE >/dev/null
                stop_server "$port" "$pid"
                t0=$(now_ms)
                pid=$(start_server "$name" "$port" "$dir"); PIDS+=("$pid")
                wait_ready "$port" "$KEYS"
                t1=$(now_ms)
                echo "restart_ms $((t1 - t0))" >>"$WORK/$name.extra"
            fi
            stop_server "$port" "$pid"
            rm -f "$dir/server.log"
        done
    done
done

echo
echo "load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other work on the machine skews absolute numbers)"
echo "RDB persistence: $KEYS keys of $VALUE bytes (redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) vs Lodestone), $REPS repetitions of ${WINDOW}s windows, each on a fresh server"
python3 - "$WORK" "$SERVERS" <<'PY'
import json, statistics, sys
work, servers = sys.argv[1], sys.argv[2].split()
reps, idle, extra = {}, {}, {}
for s in servers:
    rows = [json.loads(line) for line in open("%s/%s.jsonl" % (work, s))]
    reps[s] = {m: [r for r in rows if r["mode"] == m] for m in ("bgsave", "control")}
    idle[s] = json.loads(open("%s/%s.idle.jsonl" % (work, s)).readline())
    extra[s] = {}
    for line in open("%s/%s.extra" % (work, s)):
        k, v = line.split()
        extra[s].setdefault(k, []).append(int(v))

def med(s, f, mode="bgsave"):
    return statistics.median(f(r) for r in reps[s][mode])

def dip(r):
    return (r["window_ops"] - r["plain_ops"]) * 100.0 / r["plain_ops"]

def growth(r):
    return (r["peak_pss"] - r["before_pss"]) * 100.0 / r["before_pss"]

def peak_growth(r):
    # peak against peak: a heap's PSS rises and falls with its collections, so a sample taken at
    # the end of A may be a trough that the peak of B is bound to exceed with nothing changed
    return (r["peak_pss"] - r["plain_peak_pss"]) * 100.0 / r["plain_peak_pss"]

one = lambda key: (lambda s: extra[s][key][0])
rows = [
    ("SAVE time (ms)", one("save_ms"), "%d"),
    ("dump size (bytes)", one("dump_bytes"), "%d"),
    ("restart to ready (ms)", one("restart_ms"), "%d"),
    ("BGSAVE with no load (s)", lambda s: idle[s]["idle_bgsave_seconds"], "%.2f"),
    ("SET/s, -P 16, no snapshot (window A)", lambda s: med(s, lambda r: r["plain_ops"]), "%d"),
    ("SET/s, -P 16, during BGSAVE (window B)", lambda s: med(s, lambda r: r["window_ops"]), "%d"),
    ("  dip B vs A (median of the repetitions)", lambda s: med(s, dip), "%+.1f%%"),
    ("  control: B vs A with no BGSAVE in B", lambda s: med(s, dip, "control"), "%+.1f%%"),
    ("BGSAVE under load (s, median)", lambda s: med(s, lambda r: statistics.median(r["bgsave_seconds"])), "%.2f"),
    ("memory idle after loading (PSS, kB)", lambda s: idle[s]["idle_pss_kb"], "%d"),
    ("memory just before the BGSAVE (PSS, kB)", lambda s: med(s, lambda r: r["before_pss"]), "%d"),
    ("memory peak during BGSAVE (PSS, kB)", lambda s: med(s, lambda r: r["peak_pss"]), "%d"),
    ("  growth (median of the repetitions)", lambda s: med(s, growth), "%+.1f%%"),
    ("  control: growth with no BGSAVE in B", lambda s: med(s, growth, "control"), "%+.1f%%"),
    ("memory peak in window A, no snapshot (PSS, kB)", lambda s: med(s, lambda r: r["plain_peak_pss"]), "%d"),
    ("  peak B vs peak A (median)", lambda s: med(s, peak_growth), "%+.1f%%"),
    ("  control: peak B vs peak A with no BGSAVE", lambda s: med(s, peak_growth, "control"), "%+.1f%%"),
    ("snapshot's own memory, server log (MB, max)", lambda s: max(extra[s].get("snapshot_mb", [0])), "%d"),
]
pair = len(servers) == 2
head = "%-46s" + " %14s" * len(servers) + (" %7s" if pair else "")
print(head % (("",) + tuple(servers) + (("L/R",) if pair else ())))
for label, value, fmt in rows:
    cells = [fmt % value(s) for s in servers]
    if pair:
        ratio = ""
        if "%%" not in fmt and value(servers[0]):
            ratio = "%.2f" % (value(servers[1]) / value(servers[0]))
        cells.append(ratio)
    print(head % ((label,) + tuple(cells)))
print()
print("each repetition: SET/s window A -> B (change), PSS kB before -> peak in B (change), B seconds, BGSAVE seconds, load")
for s in servers:
    for mode in ("bgsave", "control"):
        for i, r in enumerate(reps[s][mode]):
            print("  %-10s %-7s #%d %7d -> %7d (%+6.1f%%)  %8d -> %8d (%+6.1f%%)  %5.1f  %-16s load %s" % (
                s, mode, i + 1, r["plain_ops"], r["window_ops"], dip(r), r["before_pss"], r["peak_pss"],
                growth(r), r["window_b_seconds"], " ".join("%.1f" % d for d in r["bgsave_seconds"]), r["load"]))
PY
