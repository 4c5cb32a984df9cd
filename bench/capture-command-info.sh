#!/usr/bin/env bash
# Captures COMMAND INFO / COMMAND DOCS of the local redis-server 7.0 into the golden file that
# CommandInfoGoldenTest compares Lodestone's command table with. Run from anywhere; needs
# redis-server, redis-cli and Maven (offline is fine). The file is committed: tests do not need Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_SERVER=${REDIS_SERVER:-redis-server}
OUT=server/src/test/resources/redis-7.0-command-info.txt

mvn -B -q -o test-compile -pl server -am

workdir=$(mktemp -d)
port=""
pid=""
cleanup() {
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# a free port: try a few random ones until one starts
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    candidate=$(( 20000 + RANDOM % 10000 ))
    "$REDIS_SERVER" --port "$candidate" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir" \
        --logfile "$workdir/redis.log" &
    pid=$!
    for _ in $(seq 1 50); do
        if redis-cli -p "$candidate" ping >/dev/null 2>&1; then port=$candidate; break; fi
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.1
    done
    [[ -n "$port" ]] && break
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
done
[[ -n "$port" ]] || { echo "could not start $REDIS_SERVER" >&2; exit 1; }

java -cp server/target/test-classes io.lodestone.server.commands.golden.CaptureCommandInfo "$port" "$OUT"
redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
wait "$pid" 2>/dev/null || true
pid=""
