# Shell helpers shared by the persistence benchmarks (sourced; needs KEYS and VALUE set).

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

now_ms() { date +%s%3N; }

# populate PORT: KEYS keys key:%012d of VALUE bytes, through redis-cli --pipe
populate() {
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
