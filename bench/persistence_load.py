#!/usr/bin/env python3
"""Throughput and memory of one server while BGSAVE runs, against the same load without it.

Called by bench/persistence.sh on a server already populated with the benchmark's key space:

    persistence_load.py idle PORT PID OUT.jsonl
        memory after loading, and the duration of one BGSAVE with no load (full speed);
    persistence_load.py bgsave|control PORT PID KEYS VALUE WINDOW OUT.jsonl
        one repetition: redis-benchmark (SET, -P 16, -c 50, random keys of the populated key
        space) loops throughout; after a warm-up, window A is WINDOW seconds of that load alone,
        window B is (bgsave) BGSAVEs back to back for at least WINDOW seconds, counting only the
        time a BGSAVE was in progress, or (control) as long as the last bgsave repetition's window
        B (WINDOW if there was none) of the load alone, which shows how much B differs from A with
        no snapshot at all: under a write load a JVM's heap, so its RSS, grows with time.

Throughput is the server's own command counter (INFO stats total_commands_processed) over a
window. Memory is the PSS of the server and its children (a fork's shared pages count once),
sampled every POLL seconds: "before" is the sample at the end of window A, "peak" the highest in
window B. Each BGSAVE lasts from the reply to BGSAVE until INFO shows it finished. One result is
appended to OUT as a JSON line. Loopback only; every wait is bounded; the redis-benchmark it
starts is stopped by it.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

POLL = 0.05
WARMUP = 5.0
BGSAVE_TIMEOUT = 600.0


class Client:
    """A minimal RESP client on one connection (polling INFO must not cost a process per poll)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))
        return self._reply()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-"):
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("server closed the connection")
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode()
        raise ValueError("unexpected reply %r" % line)

    def info(self, section):
        fields = {}
        for row in self.call("INFO", section).split("\r\n"):
            if ":" in row and not row.startswith("#"):
                k, v = row.split(":", 1)
                fields[k] = v
        return fields

    def commands(self):
        return int(self.info("stats")["total_commands_processed"])

    def saving(self):
        return self.info("persistence")["rdb_bgsave_in_progress"] == "1"


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def smaps_kb(pid, field):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for row in f:
                if row.startswith(field + ":"):
                    return int(row.split()[1])
    except OSError:
        pass
    return 0


def memory(pid):
    """(PSS of the process and its children, RSS of the process), in kB."""
    pss = smaps_kb(pid, "Pss") + sum(smaps_kb(c, "Pss") for c in children(pid))
    return pss, smaps_kb(pid, "Rss")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def wait_saved(client, timeout=BGSAVE_TIMEOUT):
    deadline = time.monotonic() + timeout
    while client.saving():
        if time.monotonic() > deadline:
            raise TimeoutError("BGSAVE still running after %ds" % timeout)
        time.sleep(POLL)


def start_bgsave(client):
    deadline = time.monotonic() + 30
    while True:
        reply = client.call("BGSAVE")
        if reply == "Background saving started":
            return
        if time.monotonic() > deadline:
            raise RuntimeError("BGSAVE refused: %s" % reply)
        time.sleep(POLL)


def one_repetition(port, pid, keys, value, window, window_b, snapshot):
    client = Client(port)
    bench = subprocess.Popen(
        ["redis-benchmark", "-p", str(port), "-t", "set", "-r", str(keys), "-d", str(value),
         "-P", "16", "-c", "50", "-l", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(WARMUP)
        # window A: the load alone (polled as often as window B is)
        plain_peak = 0
        t0, c0 = time.monotonic(), client.commands()
        while time.monotonic() - t0 < window:
            client.saving()
            plain_peak = max(plain_peak, memory(pid)[0])
            time.sleep(POLL)
        t1, c1 = time.monotonic(), client.commands()
        before_pss, before_rss = memory(pid)
        # window B: BGSAVEs back to back for at least `window` seconds of saving, only the time a
        # BGSAVE was in progress counted; or (control) the same load going on, nothing else
        busy_time = busy_cmds = 0.0
        peak_pss, peak_rss = before_pss, before_rss
        durations = []
        while busy_time < window_b:
            if snapshot:
                start_bgsave(client)
            s0, n0 = time.monotonic(), client.commands()
            deadline = s0 + (BGSAVE_TIMEOUT if snapshot else window_b)
            while True:
                pss, rss = memory(pid)
                peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
                in_progress = client.saving()
                if snapshot and not in_progress:
                    break
                if time.monotonic() > deadline:
                    if snapshot:
                        raise TimeoutError("BGSAVE still running after %ds" % BGSAVE_TIMEOUT)
                    break
                time.sleep(POLL)
            s1, n1 = time.monotonic(), client.commands()
            if snapshot:
                durations.append(s1 - s0)
            busy_time += s1 - s0
            busy_cmds += n1 - n0
        return {
            "mode": "bgsave" if snapshot else "control",
            "plain_ops": (c1 - c0) / (t1 - t0),
            "window_ops": busy_cmds / busy_time,
            "plain_peak_pss": plain_peak,
            "before_pss": before_pss, "before_rss": before_rss,
            "peak_pss": peak_pss, "peak_rss": peak_rss,
            "bgsave_seconds": durations,
            "window_b_seconds": busy_time,
            "load": loadavg(),
        }
    finally:
        os.killpg(bench.pid, signal.SIGTERM)
        try:
            bench.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(bench.pid, signal.SIGKILL)
            bench.wait(10)
        client.sock.close()


def idle(port, pid):
    """Memory after loading, and one BGSAVE with no load (full speed)."""
    client = Client(port)
    result = {"idle_pss_kb": memory(pid)[0], "load": loadavg()}
    wait_saved(client)
    t0 = time.monotonic()
    start_bgsave(client)
    wait_saved(client)
    result["idle_bgsave_seconds"] = time.monotonic() - t0
    client.sock.close()
    return result


def main():
    mode, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "idle":
        result = idle(port, pid)
        out = sys.argv[4]
    else:
        keys, value, window, out = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
        snapshot = mode == "bgsave"
        window_b = window
        if not snapshot and os.path.exists(out):
            done = [json.loads(line) for line in open(out)]
            done = [r for r in done if r["mode"] == "bgsave"]
            if done:
                window_b = done[-1]["window_b_seconds"]
        result = one_repetition(port, pid, keys, value, window, window_b, snapshot)
    with open(out, "a") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
