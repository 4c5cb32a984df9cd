#!/usr/bin/env bash
# JCache benchmark: Lodestone's embedded provider beside Caffeine's JCache and a Hazelcast embedded
# member, in one JMH run per thread count (bench/src/main/java/io/lodestone/bench/JCacheBenchmark.java).
#
#   bench/jcache.sh                 (THREADS="1 2" by default; extra arguments go to JMH)
#
# Prints, per operation and thread count, each provider's throughput and Lodestone's ratio to
# Caffeine's and to Hazelcast's. The machine's load skews the numbers: run it when `uptime` is low.
set -euo pipefail

THREADS=${THREADS:-1 2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lodestone-jcache-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

(cd "$ROOT" && mvn -B -q -Pbench -pl bench -am install -DskipTests)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for t in $THREADS; do
    java -jar "$ROOT/bench/target/benchmarks.jar" JCacheBenchmark -t "$t" -rf json -rff "$WORK/t$t.json" "$@" \
        >"$WORK/t$t.log" 2>&1 || { cat "$WORK/t$t.log" >&2; exit 1; }
done

echo "load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
python3 - "$WORK" $THREADS <<'PY'
import json, sys
work, threads = sys.argv[1], sys.argv[2:]
print("| op | threads | Lodestone | Caffeine | Hazelcast | vs Caffeine | vs Hazelcast |")
print("|---|---|---|---|---|---|---|")
for t in threads:
    scores = {}
    for r in json.load(open(f"{work}/t{t}.json")):
        op = r["benchmark"].rsplit(".", 1)[1]
        scores[(op, r["params"]["provider"])] = r["primaryMetric"]["score"]
    for op in sorted({op for op, _ in scores}):
        l, c, h = (scores.get((op, p)) for p in ("lodestone", "caffeine", "hazelcast"))
        fmt = lambda x: "-" if x is None else (f"{x / 1e6:.2f}M" if x >= 1e6 else f"{x / 1e3:.0f}k")
        ratio = lambda a, b: "-" if a is None or not b else f"{a / b:.2f}"
        print(f"| {op} | {t} | {fmt(l)} | {fmt(c)} | {fmt(h)} | {ratio(l, c)} | {ratio(l, h)} |")
PY
