#!/usr/bin/env python3
"""Interop check: Lodestone against Debian's redis-server 7.0, side by side.

  (a) redis-cli, scripted and fed through stdin (RESP2 and -3), against both servers;
  (b) differential: the same command sequences sent to both over a small RESP2/RESP3 client of our
      own, every reply compared (exact bytes and reply types; unordered replies as sets, TTLs with a
      tolerance, random picks for validity): fixed sequences, then seeded random sequences
      (.ci/commandgen.py) per family -- strings, keys, hashes, sets, lists, sorted sets,
      transactions, pub/sub -- and all data types mixed, each ending with the whole dataset
      compared. A family whose commands Lodestone does not know yet ("ERR unknown command") is
      skipped and listed as "SKIPPED (not implemented)";
  (c) bad input over raw sockets (malformed RESP, limits, unknown commands, NOAUTH): the same bytes
      to both, the replies and whether the connection was closed must match, and another client's
      data must survive.

Every difference is reported (both replies printed), then a summary; the exit status is 1 if any.

    .ci/interop.py                      # start both servers, run everything (about 30 s)
    .ci/interop.py --against-redis      # self-check: a second redis-server plays Lodestone
    .ci/interop.py --only diff --long   # 1,000,000 random commands (2-4 minutes)
    .ci/interop.py --only diff --families lists,zsets --per-type 20000 --seed 7
    .ci/interop.py --lodestone-port P --redis-port Q  # use servers already running (a)+(b) only

Standard library only. Servers listen on free loopback ports with persistence off; every process
started here is stopped here.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPLY_TIMEOUT = 5.0


# ---------------------------------------------------------------- servers ----

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_inodes(port):
    """Socket inodes listening on a TCP port (IPv4 and IPv6), from /proc/net."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    local, state, inode = parts[1], parts[3], parts[9]
                    if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                        inodes.add(inode)
        except OSError:
            pass
    return inodes


def owns_port(pid, port):
    """True if process pid holds the listening socket of port (so we talk to our own server)."""
    inodes = listening_inodes(port)
    if not inodes:
        return False
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
    except OSError:
        return False
    return False


class Server:
    """A redis-server or Lodestone process started by this script."""

    started = []

    def __init__(self, name, kind, extra_args, workdir):
        self.name = name
        self.kind = kind
        self.port = free_port()
        self.log_path = Path(workdir) / f"{name}.log"
        if kind == "redis":
            cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(workdir)] + extra_args
        else:
            cmd = [str(ROOT / "lodestone-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--dir", str(workdir)] + extra_args
        self.cmd = cmd
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=str(workdir))
        Server.started.append(self)

    def wait_ready(self, timeout=60.0):
        """Waits for any reply to PING from our own process; False if it exited or never answered."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False
            if owns_port(self.proc.pid, self.port):
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                        s.sendall(b"*1\r\n$4\r\nPING\r\n")
                        if s.recv(100):
                            return True
                except OSError:
                    pass
            time.sleep(0.1)
        return False

    def alive(self):
        return self.proc.poll() is None

    def log_tail(self, lines=15):
        self.log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()
        if self in Server.started:
            Server.started.remove(self)


def stop_all_servers():
    for s in list(Server.started):
        try:
            s.stop()
        except Exception as e:  # keep stopping the others
            print(f"warning: could not stop {s.name}: {e}", file=sys.stderr)


# ------------------------------------------------------------- RESP client ----

class ReplyTimeout(Exception):
    pass


class ConnectionClosed(Exception):
    pass


class ServerUnresponsive(Exception):
    """A server stopped answering: the rest of that part would only time out."""


class Resp:
    """A minimal RESP2/RESP3 client that keeps reply types: every reply is a tuple (type, value).

    Types: simple error int bulk nil(RESP2 $-1) nilarray(*-1) null(RESP3 _) array double bool
    bignum verbatim blobError map set push.
    """

    def __init__(self, port, timeout=REPLY_TIMEOUT):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    @staticmethod
    def encode(args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            if isinstance(a, str):
                a = a.encode()
            elif isinstance(a, int):
                a = str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        return b"".join(out)

    def call(self, *args):
        self.sock.sendall(self.encode(args))
        return self.read_reply()

    def _fill(self):
        try:
            data = self.sock.recv(1 << 16)
        except socket.timeout:
            raise ReplyTimeout()
        if not data:
            raise ConnectionClosed()
        if self.pos > 1 << 16:
            del self.buf[:self.pos]
            self.pos = 0
        self.buf += data

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def _exact(self, n):
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n + 2
        return data

    def read_reply(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return ("simple", rest)
        if t == b"-":
            return ("error", rest)
        if t == b":":
            return ("int", int(rest))
        if t == b"$":
            n = int(rest)
            return ("nil", None) if n < 0 else ("bulk", self._exact(n))
        if t == b"*":
            n = int(rest)
            return ("nilarray", None) if n < 0 else ("array", [self.read_reply() for _ in range(n)])
        if t == b"_":
            return ("null", None)
        if t == b",":
            return ("double", rest)
        if t == b"#":
            return ("bool", rest == b"t")
        if t == b"(":
            return ("bignum", rest)
        if t == b"=":
            return ("verbatim", self._exact(int(rest)))
        if t == b"!":
            return ("blobError", self._exact(int(rest)))
        if t == b"%":
            n = int(rest)
            return ("map", [(self.read_reply(), self.read_reply()) for _ in range(n)])
        if t == b"~":
            return ("set", [self.read_reply() for _ in range(int(rest))])
        if t == b">":
            return ("push", [self.read_reply() for _ in range(int(rest))])
        if t == b"|":  # attribute: read and drop, the reply follows
            for _ in range(int(rest)):
                self.read_reply()
                self.read_reply()
            return self.read_reply()
        raise ValueError(f"bad RESP type byte in line {line!r}")


def show(r, limit=400):
    """redis-cli-like rendering of a reply tuple."""
    s = _show(r)
    return s if len(s) <= limit else s[:limit] + f"... ({len(s)} chars)"


def _bytes(b):
    s = repr(b)[1:]
    return s if len(s) <= 200 else s[:200] + '..."'


def _text(b):
    """Bytes as text, with anything unprintable escaped."""
    return "".join(chr(c) if 32 <= c < 127 else f"\\x{c:02x}" for c in b)


def _show(r):
    if isinstance(r, str):  # our own markers (timeout, closed)
        return r
    t, v = r
    if t == "simple":
        return "+" + _text(v)
    if t == "error":
        return "-" + _text(v)
    if t == "int":
        return f"(integer) {v}"
    if t == "bulk":
        return _bytes(v)
    if t == "nil":
        return "(nil bulk)"
    if t == "nilarray":
        return "(nil array)"
    if t == "null":
        return "(null)"
    if t in ("array", "set", "push", "group"):
        o, c = {"array": ("[", "]"), "set": ("~{", "}"), "push": (">[", "]"), "group": ("replies(", ")")}[t]
        return o + ", ".join(_show(x) for x in v) + c
    if t == "map":
        return "{" + ", ".join(f"{_show(k)}: {_show(x)}" for k, x in v) + "}"
    if t == "double":
        return "(double) " + v.decode()
    if t == "bool":
        return "(bool) " + ("true" if v else "false")
    if t == "bignum":
        return "(bignum) " + v.decode()
    if t == "verbatim":
        return "(verbatim) " + _bytes(v)
    if t == "blobError":
        return "(blob error) " + _bytes(v)
    return repr(r)


# ---------------------------------------------------------------- steps ----

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commandgen import (DATA_TYPES, FAMILIES, HELLO, INFO, PROBES, RAND, SCAN, TIME, RandomCommands, T,  # noqa: E402
                        U, UP, X)


def norm(r):
    """A hashable form of a reply, for set comparisons."""
    if isinstance(r, str):
        return r
    t, v = r
    if t in ("array", "set", "push"):
        return (t, tuple(norm(x) for x in v))
    if t == "map":
        return (t, tuple((norm(k), norm(x)) for k, x in v))
    return r


def is_error(r):
    return not isinstance(r, str) and r[0] in ("error", "blobError")


def pairs_of(r):
    """(key, value) pairs of an HGETALL-like reply, or None if it is not one."""
    t, v = r
    if t == "map":
        return [(norm(k), norm(x)) for k, x in v]
    if t == "array" and len(v) % 2 == 0:
        return [(norm(v[i]), norm(v[i + 1])) for i in range(0, len(v), 2)]
    return None


def compare(step, ra, rb, proto):
    """None if the replies agree under the step's mode, else a reason."""
    if isinstance(ra, str) or isinstance(rb, str):
        return "no reply"
    mode = step.mode
    if mode == "quiet":
        return None
    if ra[0] == "group" and rb[0] == "group":
        return compare_group(step, ra, rb)
    if mode == "exact" or is_error(ra) or is_error(rb) or ra[0] != rb[0]:
        return None if ra == rb else "replies differ"
    if mode == "unordered":
        if ra[0] in ("array", "set"):
            return None if Counter(map(norm, ra[1])) == Counter(map(norm, rb[1])) else "different elements"
        return None if ra == rb else "replies differ"
    if mode == "pairs":
        pa, pb = pairs_of(ra), pairs_of(rb)
        if pa is None or pb is None:
            return None if ra == rb else "replies differ"
        return None if sorted(pa) == sorted(pb) else "different field/value pairs"
    if mode == "tolerance":
        if ra[0] != "int":
            return None if ra == rb else "replies differ"
        a, b = ra[1], rb[1]
        if a < 0 or b < 0:
            return None if a == b else "replies differ"
        return None if abs(a - b) <= step.opts["tol"] else f"differ by more than {step.opts['tol']}"
    if mode == "scan":
        return None if ra == rb else "replies differ"
    if mode == "time":
        def parts(r):
            ok = r[0] == "array" and len(r[1]) == 2 and all(x[0] == "bulk" and x[1].isdigit() for x in r[1])
            return (int(r[1][0][1]), int(r[1][1][1])) if ok else None
        ta, tb = parts(ra), parts(rb)
        if ta is None or tb is None:
            return "TIME is not [seconds, microseconds] as two integer bulk strings"
        return None if abs(ta[0] - tb[0]) <= 2 and ta[1] < 1000000 else "clocks more than 2 s apart"
    if mode == "hello":
        if ra[0] == "map":
            da = [(k, v) for k, v in ra[1] if k != ("bulk", b"id")]
            db = [(k, v) for k, v in rb[1] if k != ("bulk", b"id")]
            ka = [k for k, _ in ra[1]]
            kb = [k for k, _ in rb[1]]
            return None if da == db and ka == kb else "HELLO maps differ (id ignored)"
        if ra[0] == "array":
            strip = lambda v: [x if i == 0 or v[i - 1] != ("bulk", b"id") else "id" for i, x in enumerate(v)]
            return None if strip(ra[1]) == strip(rb[1]) else "HELLO arrays differ (id ignored)"
        return None if ra == rb else "replies differ"
    raise AssertionError(mode)


# ------------------------------------------------------------- the runner ----

class Report:
    def __init__(self, max_details):
        self.checks = Counter()  # section -> checks run
        self.diffs = Counter()  # section -> differences
        self.by_command = Counter()
        self.unimplemented = Counter()
        self.skipped = []
        self.max_details = max_details
        self.details_printed = Counter()

    def ok(self, section):
        self.checks[section] += 1

    def diff(self, section, where, lines, command=None, lode_reply=None, redis_reply=None):
        self.checks[section] += 1
        self.diffs[section] += 1
        if command:
            self.by_command[command] += 1
            if (lode_reply is not None and is_error(lode_reply)
                    and lode_reply[1].startswith(b"ERR unknown command")
                    and not (redis_reply is not None and is_error(redis_reply)
                             and redis_reply[1].startswith(b"ERR unknown command"))):
                self.unimplemented[command] += 1
        limit = self.max_details.get(section)
        self.details_printed[section] += 1
        if limit is not None and self.details_printed[section] > limit:
            if self.details_printed[section] == limit + 1:
                print(f"  ... further {section} differences counted but not printed (--details-random)")
            return
        print(f"  DIFF {where}")
        for line in lines:
            print(f"       {line}")

    def skip(self, what):
        self.skipped.append(what)
        print(f"  SKIP {what}")


class Pair:
    """Connections to both servers (one per connection index), replies compared step by step.

    Connection 0 is the main one; pub/sub subscribers and WATCH's rival client use 1, 2...
    Consecutive steps on one connection are pipelined in batches: the same bytes go to both
    servers, then the replies are read, so a long random run costs little more than the servers'
    own time.
    """

    def __init__(self, lode_port, redis_port, proto, label):
        self.lode_port, self.redis_port = lode_port, redis_port
        self.proto = proto
        self.label = label
        self.conns = {}
        self.lode = self.redis = None
        self.failures_in_a_row = 0
        try:
            self.connect()
        except OSError as e:
            raise ServerUnresponsive(f"cannot connect: {e}")

    def connect(self):
        """(Re)opens connection 0 and forgets the others (they reopen on first use)."""
        self.close()
        self.lode = Resp(self.lode_port)
        self.redis = Resp(self.redis_port)
        self.conns = {0: (self.lode, self.redis)}
        if self.proto == 3:
            self.hello = (self._one(self.lode, ["HELLO", "3"]), self._one(self.redis, ["HELLO", "3"]))

    def side(self, k):
        """The (lodestone, redis) connections of index k, opened (and switched to RESP3) on first use."""
        if k not in self.conns:
            pair = (Resp(self.lode_port), Resp(self.redis_port))
            if self.proto == 3:
                for c in pair:
                    self._one(c, ["HELLO", "3"])
            self.conns[k] = pair
        return self.conns[k]

    def close(self):
        for pair in self.conns.values():
            for c in pair:
                c.close()
        self.conns = {}

    def _one(self, conn, args):
        try:
            return conn.call(*args)
        except ReplyTimeout:
            return "(no reply within %.0f s)" % REPLY_TIMEOUT
        except (ConnectionClosed, OSError):
            return "(connection closed)"
        except ValueError as e:  # not RESP: the connection is out of step from here on
            return f"(unparseable reply: {e})"

    def _failed(self, ra, rb):
        """Counts a step that got no reply; reconnects; gives up after 5 in a row."""
        if isinstance(ra, str) or isinstance(rb, str):
            self.failures_in_a_row += 1
            if self.failures_in_a_row >= 5:
                who = "Lodestone" if isinstance(ra, str) else "redis-server"
                raise ServerUnresponsive(f"{who} failed 5 commands in a row ({ra if isinstance(ra, str) else rb})")
            try:
                self.connect()
            except OSError:
                pass
            return True
        self.failures_in_a_row = 0
        return False

    def run(self, step):
        """Both replies for one step sent on its own; reconnects a side whose connection broke."""
        if step.mode == "scan":
            ra, rb = self._scan(self.lode, step), self._scan(self.redis, step)
        else:
            ra, rb = self._one(self.lode, step.args), self._one(self.redis, step.args)
        self._failed(ra, rb)
        return ra, rb

    def run_batch(self, steps):
        """Pipelines steps of one connection to both servers; [(lodestone reply, redis reply)] per step.

        A step with several replies (SUBSCRIBE a b, a pub/sub message read) gets ("group", [...]).
        After a timeout or a closed connection the rest of the batch is marked unanswered.
        """
        k = steps[0].conn
        try:
            lc, rc = self.side(k)
        except OSError as e:
            raise ServerUnresponsive(f"cannot open connection {k}: {e}")
        payload = b"".join(Resp.encode(s.args) for s in steps if s.sends)
        sent = []
        for c in (lc, rc):
            try:
                if payload:
                    c.sock.sendall(payload)
                sent.append(None)
            except OSError as e:
                sent.append(f"(connection closed: {e})")
        replies = [self._read_batch(c, steps, problem) for c, problem in zip((lc, rc), sent)]
        out = list(zip(*replies))
        for ra, rb in out:
            if self._failed(ra, rb):
                break
        return out

    def _read_batch(self, conn, steps, problem):
        out = []
        for s in steps:
            if problem:
                out.append(problem)
                continue
            try:
                if s.mode.startswith("group") or s.mode == "unsub-all":
                    out.append(("group", [conn.read_reply() for _ in range(s.replies)]))
                else:
                    out.append(conn.read_reply())
            except ReplyTimeout:
                problem = "(no reply within %.0f s)" % REPLY_TIMEOUT
                out.append(problem)
            except (ConnectionClosed, OSError):
                problem = "(connection closed)"
                out.append(problem)
            except ValueError as e:
                problem = f"(unparseable reply: {e})"
                out.append(problem)
        return out

    def _scan(self, conn, step):
        """Iterates from cursor 0 until 0; returns ('scan', frozenset) or the first odd reply."""
        keyed = step.name() != "SCAN"
        cursor = b"0"
        seen = set()
        for _ in range(100000):
            args = list(step.args[:2] if keyed else step.args[:1]) + [cursor] + list(
                step.args[2:] if keyed else step.args[1:])
            r = self._one(conn, args)
            if (isinstance(r, str) or r[0] != "array" or len(r[1]) != 2 or r[1][0][0] != "bulk"
                    or r[1][1][0] not in ("array", "set")):
                return r
            elems = [norm(e) for e in r[1][1][1]]
            if step.opts["pairs"]:
                if len(elems) % 2:
                    return r
                seen.update(zip(elems[0::2], elems[1::2]))
            else:
                seen.update(elems)
            cursor = r[1][0][1]
            if cursor == b"0":
                return ("scan", frozenset(seen))
        return "(scan did not finish)"


def check_random(step, r, proto):
    """None if r is a valid answer to RANDOMKEY / HRANDFIELD over the step's universe."""
    if isinstance(r, str) or is_error(r):
        return None  # compared exactly by the caller
    name = step.name()
    universe = step.opts["universe"]
    nil = ("nil", None) if proto == 2 else ("null", None)
    if name == "RANDOMKEY" or (name == "HRANDFIELD" and len(step.args) == 2):
        if not universe:
            return None if r == nil else f"expected nil for an empty universe, got {show(r)}"
        return None if r[0] == "bulk" and r[1] in universe else f"{show(r)} is not one of {sorted(universe)}"
    # HRANDFIELD key count [WITHVALUES]
    count = int(step.args[2])
    withvalues = len(step.args) > 3
    if r[0] != "array":
        return f"expected an array, got {show(r)}"
    items = r[1]
    values = step.opts["values"] or {}
    if withvalues:
        if proto == 3:
            if any(x[0] != "array" or len(x[1]) != 2 for x in items):
                return "RESP3 WITHVALUES must be an array of [field, value] pairs"
            pairs = [(x[1][0], x[1][1]) for x in items]
        else:
            if len(items) % 2:
                return "odd WITHVALUES reply"
            pairs = list(zip(items[0::2], items[1::2]))
        fields = [f for f, _ in pairs]
        for f, v in pairs:
            if f[0] == "bulk" and f[1] in values and v != ("bulk", values[f[1]]):
                return f"wrong value {show(v)} for field {show(f)}"
    else:
        fields = items
    if any(f[0] != "bulk" or f[1] not in universe for f in fields):
        return f"a field outside {sorted(universe)}"
    n = len(universe)
    if count >= 0:
        if len(fields) != min(count, n):
            return f"expected {min(count, n)} fields, got {len(fields)}"
        if len(set(f[1] for f in fields)) != len(fields):
            return "repeated fields with a positive count"
    elif len(fields) != (-count if n else 0):
        return f"expected {-count if n else 0} fields, got {len(fields)}"
    return None


def universe_of(kind, r, proto):
    """(members, values or None) from the reply of a pick's universe step, or None if it has none."""
    if isinstance(r, str) or is_error(r):
        return None
    t, v = r
    if kind in ("member", "key"):
        if t not in ("array", "set"):
            return None
        return set(x[1] for x in v if x[0] == "bulk"), None
    if kind == "field":
        pairs = pairs_of(r)
        if pairs is None:
            return None
        return set(k[1] for k, _ in pairs), {k[1]: x for k, x in pairs}
    if kind == "zmember":
        if t != "array":
            return None
        if proto == 3:
            if any(x[0] != "array" or len(x[1]) != 2 for x in v):
                return None
            pairs = [(x[1][0], x[1][1]) for x in v]
        else:
            pairs = list(zip(v[0::2], v[1::2]))
        return set(m[1] for m, _ in pairs), {m[1]: sc for m, sc in pairs}
    return None


def check_pick(step, r, universe, proto):
    """None if r is a valid answer to SRANDMEMBER / SPOP / HRANDFIELD / ZRANDMEMBER / RANDOMKEY over
    the universe its server reported just before."""
    if isinstance(r, str) or is_error(r) or universe is None:
        return None  # compared exactly by the caller
    members, values = universe
    name = step.name()
    nil = ("nil", None) if proto == 2 else ("null", None)
    if len(step.args) <= 2:  # a single pick
        if not members:
            return None if r == nil else f"expected nil for an empty universe, got {show(r)}"
        return None if r[0] == "bulk" and r[1] in members else f"{show(r)} is not one of {sorted(members)[:20]}"
    count = int(step.args[2])
    withvalues = len(step.args) > 3
    if r[0] not in ("array", "set"):
        return f"expected an array, got {show(r)}"
    items = r[1]
    if withvalues:
        if proto == 3:
            if any(x[0] != "array" or len(x[1]) != 2 for x in items):
                return "RESP3 WITHVALUES/WITHSCORES must be an array of [member, value] pairs"
            pairs = [(x[1][0], x[1][1]) for x in items]
        else:
            if len(items) % 2:
                return "odd WITHVALUES/WITHSCORES reply"
            pairs = list(zip(items[0::2], items[1::2]))
        for f, x in pairs:
            if f[0] == "bulk" and values and f[1] in values and x != values[f[1]]:
                return f"wrong value {show(x)} for {show(f)} (expected {show(values[f[1]])})"
        picks = [f for f, _ in pairs]
    else:
        picks = items
    if any(f[0] != "bulk" or f[1] not in members for f in picks):
        return f"a pick outside {sorted(members)[:20]}"
    n = len(members)
    if count >= 0 or name == "SPOP":
        if len(picks) != min(count, n):
            return f"expected {min(count, n)} picks, got {len(picks)}"
        if len(set(f[1] for f in picks)) != len(picks):
            return "repeated picks with a positive count"
    elif len(picks) != (-count if n else 0):
        return f"expected {-count if n else 0} picks, got {len(picks)}"
    return None


def expected_kinds(r, kinds):
    """True if every reply of a group is a pub/sub array/push whose first element is one of kinds."""
    if isinstance(r, str) or r[0] != "group":
        return False
    for x in r[1]:
        if (isinstance(x, str) or x[0] not in ("array", "push") or not x[1] or x[1][0][0] != "bulk"
                or x[1][0][1] not in kinds):
            return False
    return True


def compare_group(step, ra, rb):
    """None if two ("group", [replies]) agree under the step's mode, else a reason."""
    la, lb = ra[1], rb[1]
    if step.mode == "group":
        return None if la == lb else "replies differ"
    if step.mode == "group-unordered":
        return None if Counter(map(norm, la)) == Counter(map(norm, lb)) else "different replies (as a multiset)"
    # unsub-all: [kind, channel, remaining] per subscription, in each server's hash order

    def parts(replies):
        if any(isinstance(x, str) or x[0] not in ("array", "push") or len(x[1]) != 3 for x in replies):
            return None
        return (Counter(norm(x[1][0]) for x in replies), Counter(norm(x[1][1]) for x in replies),
                Counter(norm(x[1][2]) for x in replies))

    pa, pb = parts(la), parts(lb)
    if pa is None or pb is None:
        return None if la == lb else "replies differ"
    return None if pa == pb else "different channels or counts"


def shape(r):
    if isinstance(r, str):
        return r
    t, v = r
    if t in ("array", "set"):
        return (t, len(v), tuple(sorted(set(shape(x) if x[0] in ("array",) else x[0] for x in v), key=str)))
    return t


def check_info(r, port, dbsize_line):
    """Problems found in an INFO reply (empty when fine)."""
    if isinstance(r, str) or r[0] not in ("bulk", "verbatim"):
        return [f"INFO is not a bulk/verbatim string: {show(r)}"]
    text = r[1].decode(errors="replace")
    if r[0] == "verbatim":
        if not text.startswith("txt:"):
            return ["verbatim INFO without the txt: format"]
        text = text[4:]
    problems = []
    sections = re.findall(r"^# (\w+)", text, re.M)
    for s in ("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Keyspace"):
        if s not in sections:
            problems.append(f"section # {s} missing")
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line and not line.startswith("#"))
    for f in ("redis_version", "redis_mode", "tcp_port", "uptime_in_seconds", "connected_clients",
              "used_memory", "role", "total_commands_processed"):
        if f not in fields:
            problems.append(f"field {f} missing")
    if fields.get("tcp_port") not in (None, str(port)):
        problems.append(f"tcp_port is {fields.get('tcp_port')}, not {port}")
    if fields.get("redis_version", "7.0.15").split(".")[0] != "7":
        problems.append(f"redis_version {fields.get('redis_version')} is not 7.x")
    if "\r\n" not in r[1].decode(errors="replace"):
        problems.append("lines not terminated by CRLF")
    if dbsize_line is not None and fields.get("db0") != dbsize_line:
        problems.append(f"db0 line {fields.get('db0')!r}, expected {dbsize_line!r}")
    return problems


BATCH = 64  # steps pipelined at once


def run_sequence(pair, name, steps, report, section, proto):
    """Runs the steps (pipelined where they allow it) and reports every difference."""
    previous = (None, None)  # the replies of the step before: a pick's universe
    i = 0
    while i < len(steps):
        step = steps[i]
        if step.sequential:
            ra, rb = pair.run(step)
            evaluate(pair, name, i + 1, step, ra, rb, previous, report, section, proto)
            previous = (ra, rb)
            i += 1
            continue
        j = i + 1
        while j < len(steps) and j - i < BATCH and not steps[j].sequential and steps[j].conn == step.conn:
            j += 1
        for k, (ra, rb) in enumerate(pair.run_batch(steps[i:j])):
            evaluate(pair, name, i + k + 1, steps[i + k], ra, rb, previous, report, section, proto)
            previous = (ra, rb)
        i = j


def evaluate(pair, name, number, step, ra, rb, previous, report, section, proto):
    """Compares one step's two replies and records the result."""
    if step.mode == "info":
        pa = check_info(ra, pair.lode_port, None)
        pb = check_info(rb, pair.redis_port, None)
        if pa or pb:
            report.diff(section, f"[RESP{proto}] {name} #{number}: {step.text()}",
                        [f"lodestone: {p}" for p in pa] + [f"redis:     {p}" for p in pb], step.name(), ra, rb)
        else:
            report.ok(section)
        return
    if step.mode in ("random", "pick"):
        problems = []
        if isinstance(ra, str) or isinstance(rb, str):
            problems.append("no reply")
        elif is_error(ra) or is_error(rb):
            if ra != rb:
                problems.append("replies differ")
        else:
            for who, r, before in (("lodestone", ra, previous[0]), ("redis", rb, previous[1])):
                if step.mode == "random":
                    p = check_random(step, r, proto)
                else:
                    p = check_pick(step, r, universe_of(step.opts["kind"], before, proto), proto)
                if p:
                    problems.append(f"{who} reply invalid: {p}")
            if not problems and shape(ra) != shape(rb):
                problems.append("reply shapes differ")
        reason = "; ".join(problems) or None
    else:
        reason = compare(step, ra, rb, proto)
    if reason is None and "expect" in step.opts and not expected_kinds(rb, step.opts["expect"]):
        # redis-server itself answered something else: the generator's model of it is wrong
        reason = f"redis-server's replies are not {step.opts['expect']}: the generator is out of step"
    if reason is None:
        report.ok(section)
        return
    if step.mode == "scan" and not isinstance(ra, str) and ra[0] == "scan" and rb[0] == "scan":
        only_l = sorted(map(str, ra[1] - rb[1]))[:10]
        only_r = sorted(map(str, rb[1] - ra[1]))[:10]
        lines = [f"full iteration: lodestone {len(ra[1])} elements, redis {len(rb[1])}",
                 f"only on lodestone: {only_l}", f"only on redis:     {only_r}"]
    else:
        lines = [f"lodestone: {show(ra)}", f"redis:     {show(rb)}"]
    report.diff(section, f"[RESP{proto}] {name} #{number}: {step.text()}  ({reason})", lines, step.name(), ra, rb)


# ------------------------------------------------------------- sequences ----

def sequences(now):
    """The fixed differential sequences: (name, steps). `now` is a Unix time in seconds."""
    fut = now + 100000  # absolute expiry times far enough not to move during the run
    futms = fut * 1000 + 123
    big = "x" * 100
    s = []

    s.append(("strings/set-get", [
        X("SET", "color", "blue"), X("GET", "color"), X("GET", "nosuch"),
        X("SET", "color", "red", "XX"), X("GET", "color"), X("SET", "new", "v", "NX"), X("SET", "new", "w", "NX"),
        X("SET", "nosuch2", "v", "XX"), X("GET", "nosuch2"), X("SET", "new", "v3", "XX", "GET"),
        X("SET", "absent", "v", "XX", "GET"), X("SET", "absent", "v", "NX", "GET"), X("SET", "absent", "w", "NX", "GET"),
        X("SET", "k", "v", "GET"), X("SET", "k", "w", "get"), X("SET", "empty", ""), X("GET", "empty"),
        X("SET", b"bin\x00key", b"a\r\nb\x00\xff"), X("GET", b"bin\x00key"),
        X("SET", "big", big), X("GET", "big"), X("STRLEN", "big"),
        X("SET", "t", "v", "EX", "100"), T("TTL", "t"), T("PTTL", "t", tol=1500),
        X("SET", "t", "v", "PX", "100000"), T("TTL", "t"), X("SET", "t", "v", "ex", "200", "nx"),
        X("SET", "t", "v2", "KEEPTTL"), T("TTL", "t"), X("GET", "t"), X("SET", "t", "v3"), X("TTL", "t"),
        X("SET", "t", "v", "EXAT", fut), X("EXPIRETIME", "t"), X("PEXPIRETIME", "t"),
        X("SET", "t", "v", "PXAT", futms), X("PEXPIRETIME", "t"), X("EXPIRETIME", "t"),
        X("SET", "t", "v", "EX", "100", "GET"), X("SET", "t", "w", "XX", "KEEPTTL", "GET"), T("TTL", "t"),
        X("SET", "gone", "v", "PXAT", "1"), X("GET", "gone"), X("EXISTS", "gone"),
        X("SET", "gone", "v", "EXAT", "1"), X("EXISTS", "gone"),
    ]))
    s.append(("strings/set-errors", [
        X("SET", "k", "v", "EX", "0"), X("SET", "k", "v", "EX", "-1"), X("SET", "k", "v", "PX", "0"),
        X("SET", "k", "v", "EX", "abc"), X("SET", "k", "v", "EX", "1.5"), X("SET", "k", "v", "EX"),
        X("SET", "k", "v", "EX", "10", "PX", "100"), X("SET", "k", "v", "NX", "XX"),
        X("SET", "k", "v", "KEEPTTL", "EX", "10"), X("SET", "k", "v", "EX", "10", "KEEPTTL"),
        X("SET", "k", "v", "foo"), X("SET", "k", "v", "EX", "10", "EX", "10"),
        X("SET", "k", "v", "EX", "9223372036854775807"), X("SET", "k", "v", "EX", "9223372036854775"),
        X("SET", "k", "v", "PX", "9223372036854775807"), X("SET", "k", "v", "EXAT", "0"),
        X("SET", "k", "v", "PXAT", "-5"), X("SET", "k", "v", "PXAT", "9223372036854775807"),
        X("EXISTS", "k"), X("SET", "k"), X("SET"), X("GET"), X("GET", "a", "b"),
        X("HSET", "h", "f", "v"), X("SET", "h", "v", "GET"), X("GET", "h"), X("TYPE", "h"),
        X("SET", "h", "v"), X("TYPE", "h"), X("GET", "h"),
    ]))
    s.append(("strings/setnx-setex-getset-getdel", [
        X("SETNX", "a", "1"), X("SETNX", "a", "2"), X("GET", "a"), X("SETNX", "a"),
        X("SETEX", "b", "100", "v"), T("TTL", "b"), X("GET", "b"), X("SETEX", "b", "0", "v"), X("SETEX", "b", "-3", "v"),
        X("SETEX", "b", "abc", "v"), X("SETEX", "b", "9223372036854775807", "v"), X("SETEX", "b", "10"),
        X("PSETEX", "c", "100000", "v"), T("PTTL", "c", tol=1500), X("PSETEX", "c", "0", "v"), X("PSETEX", "c", "-1", "v"),
        X("PSETEX", "c", "x", "v"), X("GET", "c"),
        X("GETSET", "a", "9"), X("GET", "a"), X("GETSET", "new", "1"), X("GETSET", "b", "w"), X("TTL", "b"),
        X("GETDEL", "a"), X("GETDEL", "a"), X("EXISTS", "a"), X("GETDEL", "nosuch"),
        X("HSET", "h", "f", "v"), X("GETSET", "h", "x"), X("GETDEL", "h"), X("SETNX", "h", "x"), X("SETEX", "h", "10", "x"),
        X("TYPE", "h"), X("GETSET", "k"), X("GETDEL"),
    ]))
    s.append(("strings/getex", [
        X("SET", "k", "v"), X("GETEX", "k"), X("TTL", "k"), X("GETEX", "k", "EX", "100"), T("TTL", "k"),
        X("GETEX", "k", "PX", "200000"), T("TTL", "k"), X("GETEX", "k", "EXAT", fut), X("EXPIRETIME", "k"),
        X("GETEX", "k", "PXAT", futms), X("PEXPIRETIME", "k"), X("GETEX", "k", "PERSIST"), X("TTL", "k"),
        X("GETEX", "nosuch"), X("GETEX", "nosuch", "EX", "10"), X("GETEX", "k", "EX", "0"), X("GETEX", "k", "EX", "-1"),
        X("GETEX", "k", "EX", "abc"), X("GETEX", "k", "EX", "10", "PX", "10"), X("GETEX", "k", "PERSIST", "EX", "10"),
        X("GETEX", "k", "FOO"), X("GETEX", "k", "EX"), X("GETEX", "k", "EX", "9223372036854775807"),
        X("GETEX", "k", "PXAT", "1"), X("EXISTS", "k"), X("HSET", "h", "f", "v"), X("GETEX", "h"), X("GETEX"),
    ]))
    s.append(("strings/mget-mset", [
        X("MSET", "a", "1", "b", "2", "c", "3"), X("MGET", "a", "b", "c", "nosuch"), X("MSET", "a", "1", "b"),
        X("MSET"), X("MSET", "a"), X("HSET", "h", "f", "v"), X("MGET", "a", "h", "b"),
        X("MSETNX", "a", "x", "z", "y"), X("GET", "z"), X("MSETNX", "x1", "1", "x2", "2"), X("MGET", "x1", "x2"),
        X("MSETNX", "x3", "1", "x3", "2"), X("GET", "x3"), X("MSETNX", "a"), X("MGET"),
        X("MSET", "d", "1", "d", "2"), X("GET", "d"), X("SET", "e", "v", "EX", "100"), X("MSET", "e", "w"), X("TTL", "e"),
    ]))
    s.append(("strings/append-strlen-ranges", [
        X("APPEND", "s", "Hello"), X("APPEND", "s", " World"), X("GET", "s"), X("STRLEN", "s"), X("STRLEN", "nosuch"),
        X("APPEND", "s", ""), X("APPEND", "new", ""), X("EXISTS", "new"),
        X("GETRANGE", "s", "0", "4"), X("GETRANGE", "s", "-5", "-1"), X("GETRANGE", "s", "0", "-1"),
        X("GETRANGE", "s", "5", "2"), X("GETRANGE", "s", "-100", "100"), X("GETRANGE", "s", "100", "200"),
        X("GETRANGE", "s", "-1", "-5"), X("GETRANGE", "nosuch", "0", "10"), X("GETRANGE", "s", "0", "abc"),
        X("GETRANGE", "s", "0"), X("GETRANGE", "s", "3", "3"), X("GETRANGE", "s", "-3", "1"),
        X("SETRANGE", "s", "6", "Redis"), X("GET", "s"), X("SETRANGE", "s", "20", "!"), X("GET", "s"), X("STRLEN", "s"),
        X("SETRANGE", "r", "3", "ab"), X("GET", "r"), X("SETRANGE", "r2", "0", ""), X("EXISTS", "r2"),
        X("SETRANGE", "s", "0", ""), X("SETRANGE", "s", "-1", "x"), X("SETRANGE", "s", "abc", "x"),
        X("SETRANGE", "s", "536870912", "x"), X("SETRANGE", "s", "536870911", ""), X("SETRANGE", "n", "536870911", ""),
        X("SET", "i", "12345"), X("SETRANGE", "i", "0", "9"), X("GET", "i"), X("GETRANGE", "i", "1", "2"),
        X("HSET", "h", "f", "v"), X("APPEND", "h", "x"), X("STRLEN", "h"), X("GETRANGE", "h", "0", "1"),
        X("SETRANGE", "h", "0", "x"), X("APPEND", "s"), X("STRLEN"),
    ]))
    s.append(("strings/incr-decr", [
        X("INCR", "n"), X("INCR", "n"), X("DECR", "n"), X("DECR", "m"), X("INCRBY", "n", "10"), X("INCRBY", "n", "-20"),
        X("DECRBY", "n", "5"), X("DECRBY", "n", "-5"), X("GET", "n"), X("INCRBY", "n", "abc"), X("INCRBY", "n", "1.5"),
        X("INCRBY", "n", ""), X("INCRBY", "n", "+1"), X("INCRBY", "n", " 1"), X("INCRBY", "n", "99999999999999999999"),
        X("SET", "n", "9223372036854775807"), X("INCR", "n"), X("INCRBY", "n", "1"), X("GET", "n"), X("DECR", "n"),
        X("SET", "n", "-9223372036854775808"), X("DECR", "n"), X("DECRBY", "n", "1"), X("INCR", "n"),
        X("DECRBY", "z", "-9223372036854775808"), X("INCRBY", "z", "-9223372036854775808"), X("GET", "z"),
        X("SET", "s", "abc"), X("INCR", "s"), X("DECR", "s"), X("SET", "s", "1.5"), X("INCR", "s"),
        X("SET", "s", " 1"), X("INCR", "s"), X("SET", "s", "1 "), X("INCR", "s"), X("SET", "s", "+1"), X("INCR", "s"),
        X("SET", "s", "007"), X("INCR", "s"), X("SET", "s", "-0"), X("INCR", "s"), X("SET", "s", ""), X("INCR", "s"),
        X("SET", "s", "12345678901234567890"), X("INCR", "s"),
        X("SET", "t", "5", "EX", "100"), X("INCR", "t"), T("TTL", "t"), X("HSET", "h", "f", "1"), X("INCR", "h"),
        X("DECRBY", "h", "1"), X("INCR"), X("INCRBY", "n"), X("DECR", "a", "b"),
    ]))
    s.append(("strings/incrbyfloat", [
        X("INCRBYFLOAT", "f", "10.5"), X("INCRBYFLOAT", "f", "0.1"), X("INCRBYFLOAT", "f", "-5"), X("INCRBYFLOAT", "f", "5.0e3"),
        X("GET", "f"), X("SET", "g", "1.1"), X("INCRBYFLOAT", "g", "2.2"), X("SET", "g", "3.0"), X("INCRBYFLOAT", "g", "0"),
        X("INCRBYFLOAT", "g", "1e-5"), X("INCRBYFLOAT", "g", "-3.00001"), X("INCRBYFLOAT", "g", "abc"),
        X("INCRBYFLOAT", "g", "inf"), X("INCRBYFLOAT", "g", "-inf"), X("INCRBYFLOAT", "g", "nan"), X("INCRBYFLOAT", "g", ""),
        X("INCRBYFLOAT", "g", "1.5x"), X("INCRBYFLOAT", "g", " 1"), X("INCRBYFLOAT", "h2", "1e308"),
        X("INCRBYFLOAT", "h2", "1e308"), X("GET", "h2"), X("SET", "i", "5"), X("INCRBYFLOAT", "i", "0.25"),
        X("INCRBYFLOAT", "i", "100000000000000000000"), X("INCRBYFLOAT", "j", "0.1"), X("INCRBYFLOAT", "j", "0.2"),
        X("INCRBYFLOAT", "k", "3.0e3"), X("INCRBYFLOAT", "k", "-0.0"), X("INCRBYFLOAT", "l", "12345678901234567"),
        X("INCRBYFLOAT", "m", "1.23456789012345678"), X("INCRBYFLOAT", "m2", ".5"), X("INCRBYFLOAT", "m3", "5."),
        X("INCRBYFLOAT", "m4", "0x10"), X("INCRBYFLOAT", "m5", "1_0"),
        X("SET", "s", "abc"), X("INCRBYFLOAT", "s", "1"), X("SET", "e", "1.0", "EX", "100"), X("INCRBYFLOAT", "e", "1"),
        T("TTL", "e"), X("HSET", "h", "f", "1"), X("INCRBYFLOAT", "h", "1"), X("INCRBYFLOAT", "f"),
    ]))
    s.append(("strings/object-encoding", [
        X("SET", "i", "12"), X("OBJECT", "ENCODING", "i"), X("SET", "e", "abc"), X("OBJECT", "ENCODING", "e"),
        X("SET", "r", "x" * 45), X("OBJECT", "ENCODING", "r"), X("SET", "r44", "x" * 44), X("OBJECT", "ENCODING", "r44"),
        X("SET", "neg", "-123"), X("OBJECT", "ENCODING", "neg"), X("SET", "max", "9223372036854775807"),
        X("OBJECT", "ENCODING", "max"), X("SET", "over", "9223372036854775808"), X("OBJECT", "ENCODING", "over"),
        X("SET", "lead", "0012"), X("OBJECT", "ENCODING", "lead"), X("SET", "z", "0"), X("OBJECT", "ENCODING", "z"),
        X("SET", "f", "1.5"), X("OBJECT", "ENCODING", "f"), X("APPEND", "i", "3"), X("OBJECT", "ENCODING", "i"),
        X("INCR", "n"), X("OBJECT", "ENCODING", "n"), X("SETRANGE", "sr", "0", "ab"), X("OBJECT", "ENCODING", "sr"),
        X("INCRBYFLOAT", "fl", "1.5"), X("OBJECT", "ENCODING", "fl"), X("SET", "big", "1" * 21), X("OBJECT", "ENCODING", "big"),
        X("OBJECT", "ENCODING", "nosuch"), X("HSET", "h", "f", "v"), X("OBJECT", "ENCODING", "h"),
        X("OBJECT", "FREQ", "i"), T("OBJECT", "IDLETIME", "i"), X("OBJECT", "IDLETIME", "nosuch"), X("OBJECT", "FREQ", "nosuch"),
        X("OBJECT", "ENCODING"), X("OBJECT", "FOO", "i"), X("OBJECT"), X("OBJECT", "ENCODING", "i", "extra"),
    ]))
    s.append(("keys/del-exists-type", [
        X("MSET", "a", "1", "b", "2", "c", "3"), X("HSET", "h", "f", "v"), X("EXISTS", "a"), X("EXISTS", "a", "a", "b", "nosuch"),
        X("TYPE", "a"), X("TYPE", "h"), X("TYPE", "nosuch"), X("DEL", "a", "nosuch"), X("DEL", "a"), X("DEL", "b", "c", "h"),
        X("DBSIZE"), X("MSET", "a", "1", "b", "2"), X("UNLINK", "a", "b", "nosuch"), X("UNLINK", "a"), X("DBSIZE"),
        X("SET", "a", "1"), X("TOUCH", "a", "a", "nosuch"), X("TOUCH", "nosuch"), X("DEL"), X("EXISTS"), X("TYPE"),
        X("TYPE", "a", "b"), X("UNLINK"), X("TOUCH"),
    ]))
    keyset = ["hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo", "h[a]llo", "key:1", "key:2", "key:10",
              "other", "ke\\y"]
    s.append(("keys/keys-patterns", [X("MSET", *[x for k in keyset for x in (k, "v")])] + [
        U("KEYS", p) for p in ["*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h\\*llo", "h\\?llo",
                               "key:*", "key:?", "*1*", "nosuch*", "h[a-", "[", "\\", "ke\\\\y", "*\\", "h[!e]llo",
                               "H*", "[a-z]*", "???", "*[0-9]"]] + [X("KEYS"), X("KEYS", "*", "x")]))
    many = [x for i in range(60) for x in (f"key:{i}", f"v{i}")]
    s.append(("keys/scan", [
        X("MSET", *many), X("HSET", "h1", "f", "v"), X("HSET", "h2", "f", "v"), X("SET", "other", "x"),
        SCAN("SCAN"), SCAN("SCAN", "MATCH", "key:1*"), SCAN("SCAN", "COUNT", "5"), SCAN("SCAN", "COUNT", "1000"),
        SCAN("SCAN", "TYPE", "hash"), SCAN("SCAN", "TYPE", "string", "MATCH", "*5"), SCAN("SCAN", "type", "HASH"),
        SCAN("SCAN", "MATCH", "nosuch*", "COUNT", "3"), SCAN("SCAN", "TYPE", "list"), SCAN("SCAN", "TYPE", "nosuchtype"),
        SCAN("SCAN", "MATCH", "h?", "TYPE", "hash", "COUNT", "2"),
        X("SCAN", "abc"), X("SCAN", "0", "COUNT", "0"), X("SCAN", "0", "COUNT", "-1"),
        X("SCAN", "0", "COUNT", "abc"), X("SCAN", "0", "FOO"), X("SCAN", "0", "MATCH"), X("SCAN", "0", "TYPE"),
        X("SCAN", "18446744073709551616"), X("SCAN"), X("FLUSHALL"), X("SCAN", "0"), X("SCAN", "0", "MATCH", "*"),
    ]))
    s.append(("keys/rename-copy-move", [
        X("SET", "a", "1"), X("RENAME", "a", "b"), X("GET", "a"), X("GET", "b"), X("RENAME", "nosuch", "x"),
        X("RENAME", "b", "b"), X("GET", "b"), X("RENAME", "nosuch", "nosuch"), X("SET", "c", "3"), X("RENAME", "b", "c"),
        X("GET", "c"), X("SET", "t", "v", "EX", "100"), X("RENAME", "t", "t2"), T("TTL", "t2"), X("SET", "p", "v"),
        X("RENAME", "p", "t2"), X("TTL", "t2"), X("RENAMENX", "t2", "c"), X("RENAMENX", "t2", "d"), X("GET", "d"),
        X("RENAMENX", "nosuch", "e"), X("RENAMENX", "d", "d"), X("HSET", "h", "f", "v"), X("RENAME", "h", "h2"),
        X("HGET", "h2", "f"), X("RENAME", "a"), X("RENAMENX", "a"),
        X("SET", "src", "v", "EX", "100"), X("COPY", "src", "dst"), X("GET", "dst"), T("TTL", "dst"), X("COPY", "src", "dst"),
        X("SET", "src", "w"), X("COPY", "src", "dst", "REPLACE"), X("GET", "dst"), X("TTL", "dst"),
        X("COPY", "src", "src"), X("COPY", "nosuch", "dst"), X("COPY", "src", "dst", "DB", "1"),
        X("COPY", "src", "dst", "DB", "1"), X("COPY", "src", "dst", "DB", "1", "REPLACE"),
        X("COPY", "src", "dst", "DB", "99"), X("COPY", "src", "dst", "DB", "-1"), X("COPY", "src", "dst", "DB", "abc"),
        X("COPY", "src", "dst", "FOO"), X("COPY", "src", "dst", "DB"), X("COPY", "src", "src", "DB", "1"),
        X("COPY", "h2", "hc"), X("HGETALL", "hc"), X("HSET", "h2", "g", "w"), X("HGETALL", "hc"), X("COPY", "src"),
        X("SELECT", "1"), X("GET", "dst"), X("DBSIZE"), X("SELECT", "0"),
        X("SET", "m", "v"), X("MOVE", "m", "1"), X("EXISTS", "m"), X("MOVE", "m", "1"), X("MOVE", "nosuch", "1"),
        X("SET", "m", "v"), X("MOVE", "m", "1"), X("MOVE", "m", "0"), X("MOVE", "m", "99"), X("MOVE", "m", "-1"),
        X("MOVE", "m", "abc"), X("SET", "mt", "v", "EX", "100"), X("MOVE", "mt", "2"), X("SELECT", "2"), T("TTL", "mt"),
        X("GET", "mt"), X("SELECT", "0"), X("MOVE", "m"),
    ]))
    s.append(("keys/expire", [
        X("EXPIRE", "nosuch", "100"), X("SET", "k", "v"), X("TTL", "k"), X("PTTL", "k"), X("TTL", "nosuch"),
        X("PTTL", "nosuch"), X("EXPIRETIME", "k"), X("PEXPIRETIME", "k"), X("EXPIRETIME", "nosuch"),
        X("PEXPIRETIME", "nosuch"), X("EXPIRE", "k", "100"), T("TTL", "k"), T("PTTL", "k", tol=1500),
        T("EXPIRETIME", "k"), T("PEXPIRETIME", "k", tol=1500),
        X("EXPIRE", "k", "200", "NX"), X("EXPIRE", "k", "200", "XX"), T("TTL", "k"), X("EXPIRE", "k", "100", "GT"),
        X("EXPIRE", "k", "300", "GT"), T("TTL", "k"), X("EXPIRE", "k", "400", "LT"), X("EXPIRE", "k", "50", "LT"),
        T("TTL", "k"), X("EXPIRE", "k", "50", "nx"), X("PERSIST", "k"), X("PERSIST", "k"), X("PERSIST", "nosuch"),
        X("TTL", "k"), X("EXPIRE", "k", "100", "XX"), X("EXPIRE", "k", "100", "GT"), X("EXPIRE", "k", "100", "LT"),
        T("TTL", "k"), X("PERSIST", "k"), X("EXPIRE", "k", "100", "NX"), X("PERSIST", "k"),
        X("EXPIRE", "k", "10", "NX", "XX"), X("EXPIRE", "k", "10", "GT", "LT"), X("EXPIRE", "k", "10", "NX", "GT"),
        X("EXPIRE", "k", "10", "XX", "GT"), X("EXPIRE", "k", "10", "FOO"), X("EXPIRE", "k", "abc"),
        X("EXPIRE", "k", "1.5"), X("EXPIRE", "k", ""), X("EXPIRE", "k", "9223372036854775807"),
        X("EXPIRE", "k", "9223372036854775"), X("PEXPIRE", "k", "9223372036854775807"),
        X("EXPIRE", "k", "-9223372036854775808"), X("EXPIREAT", "k", "9223372036854775807"),
        X("PEXPIREAT", "k", "9223372036854775807"), X("EXISTS", "k"), X("TTL", "k"),
        X("PEXPIRE", "k", "100000"), T("PTTL", "k", tol=1500), X("PEXPIRE", "k", "200000", "GT"), T("TTL", "k"),
        X("EXPIREAT", "k", fut), X("EXPIRETIME", "k"), X("PEXPIRETIME", "k"), X("EXPIREAT", "k", fut - 10, "GT"),
        X("EXPIREAT", "k", fut + 10, "GT"), X("EXPIRETIME", "k"), X("PEXPIREAT", "k", futms), X("PEXPIRETIME", "k"),
        X("EXPIRETIME", "k"), X("PEXPIREAT", "k", futms + 5, "LT"), X("PEXPIREAT", "k", futms - 5, "LT"),
        X("PEXPIRETIME", "k"), X("EXPIREAT", "k", fut, "NX"), X("EXPIREAT", "k", fut, "XX"),
        X("SET", "k", "v2"), X("TTL", "k"), X("EXPIRE", "k", "-1"), X("EXISTS", "k"),
        X("SET", "k", "v"), X("EXPIRE", "k", "0"), X("EXISTS", "k"), X("SET", "k", "v"), X("PEXPIRE", "k", "-5"),
        X("GET", "k"), X("SET", "k", "v"), X("EXPIREAT", "k", "1"), X("EXISTS", "k"), X("SET", "k", "v"),
        X("PEXPIREAT", "k", now * 1000 - 1000), X("EXISTS", "k"), X("SET", "k", "v"), X("EXPIRE", "k", "-1", "NX"),
        X("EXISTS", "k"), X("SET", "k", "v"), X("EXPIRE", "k", "-1", "XX"), X("EXISTS", "k"),
        X("HSET", "h", "f", "v"), X("EXPIRE", "h", "100"), T("TTL", "h"), X("PERSIST", "h"),
        X("EXPIRE", "k"), X("TTL"), X("PERSIST"), X("EXPIRETIME", "a", "b"), X("PEXPIREAT", "k"),
    ]))
    s.append(("keys/randomkey-touch-object", [
        X("RANDOMKEY"), X("SET", "a", "1"), RAND("RANDOMKEY", universe=["a"]), X("MSET", "b", "2", "c", "3"),
        RAND("RANDOMKEY", universe=["a", "b", "c"]), RAND("RANDOMKEY", universe=["a", "b", "c"]),
        X("TOUCH", "a", "b", "nosuch"), T("OBJECT", "IDLETIME", "a"), X("RANDOMKEY", "x"),
        X("OBJECT", "FREQ", "a"), X("OBJECT", "HELP", "x"),
    ]))
    s.append(("keys/select-dbs", [
        X("SET", "k", "db0"), X("SELECT", "3"), X("GET", "k"), X("SET", "k", "db3"), X("DBSIZE"), X("SELECT", "0"),
        X("GET", "k"), X("SELECT", "16"), X("SELECT", "-1"), X("SELECT", "abc"), X("SELECT", "15"), X("SELECT"),
        X("SELECT", "0"), X("SWAPDB", "0", "3"), X("GET", "k"), X("SELECT", "3"), X("GET", "k"), X("SELECT", "0"),
        X("SWAPDB", "0", "0"), X("SWAPDB", "0", "16"), X("SWAPDB", "a", "1"), X("SWAPDB", "0", "b"),
        X("SWAPDB", "-1", "0"), X("SWAPDB", "0"), X("DBSIZE"), X("FLUSHDB"), X("DBSIZE"), X("SELECT", "3"),
        X("DBSIZE"), X("SET", "x", "1"), X("FLUSHDB", "ASYNC"), X("DBSIZE"), X("SET", "x", "1"), X("FLUSHDB", "SYNC"),
        X("DBSIZE"), X("FLUSHDB", "FOO"), X("FLUSHDB", "ASYNC", "SYNC"), X("SET", "x", "1"), X("SELECT", "5"),
        X("SET", "y", "1"), X("FLUSHALL"), X("DBSIZE"), X("SELECT", "3"), X("DBSIZE"), X("SET", "z", "1"),
        X("FLUSHALL", "ASYNC"), X("DBSIZE"), X("SET", "z", "1"), X("FLUSHALL", "SYNC"), X("DBSIZE"), X("FLUSHALL", "foo"),
        X("DBSIZE", "x"),
    ]))
    s.append(("hashes/basic", [
        X("HSET", "h", "f1", "v1"), X("HSET", "h", "f2", "v2", "f3", "v3"), X("HSET", "h", "f1", "new", "f4", "v4"),
        X("HGET", "h", "f1"), X("HGET", "h", "nosuch"), X("HGET", "nosuch", "f"), X("HMGET", "h", "f1", "nosuch", "f2"),
        X("HMGET", "nosuch", "a", "b"), X("HGETALL", "h"), X("HKEYS", "h"), X("HVALS", "h"), X("HLEN", "h"),
        X("HLEN", "nosuch"), X("HGETALL", "nosuch"), X("HKEYS", "nosuch"), X("HVALS", "nosuch"),
        X("HEXISTS", "h", "f1"), X("HEXISTS", "h", "nosuch"), X("HEXISTS", "nosuch", "f"), X("HSTRLEN", "h", "f1"),
        X("HSTRLEN", "h", "nosuch"), X("HSTRLEN", "nosuch", "f"), X("HSETNX", "h", "f1", "x"), X("HSETNX", "h", "f5", "v5"),
        X("HSETNX", "n2", "f", "v"), X("HGET", "h", "f5"), X("HMSET", "h", "f6", "v6", "f7", "v7"), X("HGETALL", "h"),
        X("HDEL", "h", "f1", "nosuch"), X("HDEL", "h", "f1"), X("HDEL", "nosuch", "f"), X("HDEL", "h", "f2", "f3", "f4"),
        X("HGETALL", "h"), X("HDEL", "h", "f5", "f6", "f7"), X("EXISTS", "h"), X("TYPE", "h"),
        X("HSET", "b", b"bin\x00f", b"v\r\n\x00"), X("HGET", "b", b"bin\x00f"), X("HSET", "b", "", ""), X("HGETALL", "b"),
        X("HSET", "o", "z", "1", "a", "2", "m", "3"), X("HKEYS", "o"), X("HDEL", "o", "a"), X("HSET", "o", "a", "4"),
        X("HGETALL", "o"), X("HVALS", "o"), X("HSET", "o", "z", "9"), X("HGETALL", "o"),
        X("HSET", "d", "f", "1", "f", "2"), X("HGETALL", "d"), X("HLEN", "d"),
    ]))
    s.append(("hashes/errors", [
        X("HSET", "h"), X("HSET", "h", "f"), X("HSET", "h", "f", "v", "g"), X("HMSET", "h", "f"),
        X("HMSET", "h", "f", "v", "g"), X("HSETNX", "h", "f"), X("HGET", "h"), X("HMGET", "h"), X("HDEL", "h"),
        X("HGETALL"), X("HKEYS"), X("HVALS", "a", "b"), X("HLEN"), X("HEXISTS", "h"), X("HSTRLEN", "h"),
        X("HINCRBY", "h", "f"), X("HINCRBYFLOAT", "h", "f"), X("HRANDFIELD"), X("HSCAN", "h"), X("EXISTS", "h"),
        X("SET", "s", "v"), X("HSET", "s", "f", "v"), X("HSETNX", "s", "f", "v"), X("HGET", "s", "f"),
        X("HMGET", "s", "f"), X("HMSET", "s", "f", "v"), X("HDEL", "s", "f"), X("HGETALL", "s"), X("HKEYS", "s"),
        X("HVALS", "s"), X("HLEN", "s"), X("HEXISTS", "s", "f"), X("HSTRLEN", "s", "f"), X("HINCRBY", "s", "f", "1"),
        X("HINCRBYFLOAT", "s", "f", "1"), X("HRANDFIELD", "s"), X("HRANDFIELD", "s", "1"), X("HSCAN", "s", "0"),
        X("GET", "s"),
    ]))
    s.append(("hashes/incr", [
        X("HINCRBY", "h", "n", "5"), X("HINCRBY", "h", "n", "-10"), X("HGET", "h", "n"), X("HINCRBY", "h", "n", "abc"),
        X("HINCRBY", "h", "n", "1.5"), X("HINCRBY", "h", "n", "9223372036854775807"), X("HINCRBY", "h", "n", "-9223372036854775808"),
        X("HSET", "h", "max", "9223372036854775807"), X("HINCRBY", "h", "max", "1"), X("HINCRBY", "h", "max", "-1"),
        X("HSET", "h", "s", "abc"), X("HINCRBY", "h", "s", "1"), X("HSET", "h", "sp", " 1"), X("HINCRBY", "h", "sp", "1"),
        X("HINCRBY", "h", "new", "0"), X("HINCRBYFLOAT", "h", "fl", "10.5"), X("HINCRBYFLOAT", "h", "fl", "0.1"),
        X("HINCRBYFLOAT", "h", "fl", "-5"), X("HINCRBYFLOAT", "h", "fl", "5.0e3"), X("HINCRBYFLOAT", "h", "n", "1.5"),
        X("HINCRBYFLOAT", "h", "s", "1"), X("HINCRBYFLOAT", "h", "fl", "abc"), X("HINCRBYFLOAT", "h", "fl", "inf"),
        X("HINCRBYFLOAT", "h", "fl", "nan"), X("HINCRBYFLOAT", "h", "big", "1e308"), X("HINCRBYFLOAT", "h", "big", "1e308"),
        X("HSET", "h", "g", "1.1"), X("HINCRBYFLOAT", "h", "g", "2.2"), X("HINCRBYFLOAT", "h", "g", "-3.3"),
        X("HINCRBY", "h", "g", "1"), X("HINCRBYFLOAT", "n2", "f", "3.0"), X("HINCRBY", "n3", "f", "-1"),
        UP("HGETALL", "h"), X("OBJECT", "ENCODING", "h"), X("HINCRBYFLOAT", "h", "fl", ""),
    ]))
    small = {f"f{i}": f"v{i}" for i in range(5)}
    large = {f"field:{i}": f"value:{i}" for i in range(200)}
    s.append(("hashes/randfield-scan-encoding", [
        X("HSET", "h", *[x for kv in small.items() for x in kv]), X("OBJECT", "ENCODING", "h"),
        RAND("HRANDFIELD", "h", universe=small), RAND("HRANDFIELD", "h", "3", universe=small),
        RAND("HRANDFIELD", "h", "10", universe=small), RAND("HRANDFIELD", "h", "-8", universe=small),
        RAND("HRANDFIELD", "h", "3", "WITHVALUES", universe=small, values={k.encode(): v.encode() for k, v in small.items()}),
        RAND("HRANDFIELD", "h", "-7", "WITHVALUES", universe=small, values={k.encode(): v.encode() for k, v in small.items()}),
        X("HRANDFIELD", "h", "0"), X("HRANDFIELD", "h", "0", "WITHVALUES"), X("HRANDFIELD", "nosuch"),
        X("HRANDFIELD", "nosuch", "5"), X("HRANDFIELD", "nosuch", "5", "WITHVALUES"), X("HRANDFIELD", "h", "abc"),
        X("HRANDFIELD", "h", "1", "FOO"), X("HRANDFIELD", "h", "-9223372036854775808"),
        X("HRANDFIELD", "h", "-9223372036854775808", "WITHVALUES"), X("HRANDFIELD", "h", "1", "WITHVALUES", "x"),
        X("HSCAN", "h", "0"), X("HSCAN", "h", "0", "MATCH", "f[1-3]"), X("HSCAN", "h", "0", "COUNT", "1"),
        X("HSCAN", "nosuch", "0"), X("HSCAN", "h", "abc"), X("HSCAN", "h", "0", "COUNT", "0"), X("HSCAN", "h", "0", "FOO"),
        SCAN("HSCAN", "h", pairs=True), X("HSET", "h", "long", "y" * 64), X("OBJECT", "ENCODING", "h"),
        X("HSET", "h", "longer", "y" * 65), X("OBJECT", "ENCODING", "h"), X("HSET", "lf", "z" * 65, "v"),
        X("OBJECT", "ENCODING", "lf"),
        # hash-max-listpack-entries is 512 by default (CONFIG GET on redis-server 7.0.15)
        X("HSET", "e512", *[x for i in range(512) for x in (f"f{i}", "v")]), X("OBJECT", "ENCODING", "e512"),
        X("HSET", "e512", "f512", "v"), X("OBJECT", "ENCODING", "e512"), X("HDEL", "e512", "f0", "f1"),
        X("OBJECT", "ENCODING", "e512"), X("HLEN", "e512"),
        X("HSET", "big", *[x for kv in large.items() for x in kv]), X("HLEN", "big"), X("OBJECT", "ENCODING", "big"),
        UP("HGETALL", "big"), U("HKEYS", "big"), U("HVALS", "big"), X("HGET", "big", "field:150"),
        SCAN("HSCAN", "big", pairs=True), SCAN("HSCAN", "big", "MATCH", "field:1*", pairs=True),
        SCAN("HSCAN", "big", "COUNT", "7", pairs=True),
        RAND("HRANDFIELD", "big", universe=large), RAND("HRANDFIELD", "big", "5", universe=large),
        RAND("HRANDFIELD", "big", "300", universe=large), RAND("HRANDFIELD", "big", "150", universe=large),
        RAND("HRANDFIELD", "big", "-300", universe=large),
        RAND("HRANDFIELD", "big", "20", "WITHVALUES", universe=large,
             values={k.encode(): v.encode() for k, v in large.items()}),
        X("HDEL", "big", *large.keys()), X("EXISTS", "big"),
    ]))
    s.append(("server/slowlog-latency-debug-pause", [
        # both servers run with the default thresholds: nothing here is slow enough to be logged
        X("SLOWLOG", "RESET"), X("SLOWLOG", "LEN"), X("SLOWLOG", "GET"), X("SLOWLOG", "GET", "-1"),
        X("SLOWLOG", "GET", "-2"), X("SLOWLOG", "GET", "abc"), X("SLOWLOG", "GET", "1", "2"), X("SLOWLOG", "FOO"),
        X("SLOWLOG", "LEN", "x"), X("SLOWLOG", "HELP"), X("SLOWLOG"),
        X("CONFIG", "GET", "slowlog-log-slower-than"), X("CONFIG", "GET", "slowlog-max-len"),
        X("CONFIG", "GET", "latency-monitor-threshold"), X("CONFIG", "GET", "enable-debug-command"),
        X("CONFIG", "SET", "slowlog-max-len", "-1"), X("CONFIG", "SET", "slowlog-log-slower-than", "-2"),
        X("CONFIG", "SET", "latency-monitor-threshold", "x"), X("CONFIG", "SET", "enable-debug-command", "yes"),
        X("LATENCY", "LATEST"), X("LATENCY", "HISTORY", "command"), X("LATENCY", "RESET"),
        X("LATENCY", "RESET", "command", "nosuch"), X("LATENCY", "DOCTOR"), X("LATENCY", "HELP"),
        X("LATENCY", "HISTORY"), X("LATENCY", "FOO"),
        X("DEBUG", "SLEEP", "0"), X("DEBUG", "HELP"), X("DEBUG"), X("DEBUG", "OBJECT", "k"),
        X("CLIENT", "PAUSE", "abc"), X("CLIENT", "PAUSE", "-1"), X("CLIENT", "PAUSE", "10", "FOO"),
        X("CLIENT", "PAUSE", "10", "WRITE", "x"), X("CLIENT", "PAUSE"), X("CLIENT", "UNPAUSE", "x"),
        X("CLIENT", "PAUSE", "0"), X("CLIENT", "PAUSE", "0", "WRITE"), X("CLIENT", "UNPAUSE"), X("PING"),
    ]))
    s.append(("connection", [
        X("PING"), X("PING", "hello"), X("PING", ""), X("PING", "a", "b"), X("ECHO", "hi"), X("ECHO", ""),
        X("ECHO", b"\x00\xff"), X("ECHO"), X("ECHO", "a", "b"), X("AUTH", "pw"), X("AUTH", "default", "pw"),
        X("AUTH", "nosuchuser", "pw"), X("AUTH", "a", "b", "c"), X("AUTH"), X("HELLO", "4"), X("HELLO", "abc"),
        X("HELLO", "1"), X("HELLO", "3", "FOO"), X("HELLO", "3", "AUTH", "default"),
        X("HELLO", "3", "AUTH", "nosuchuser", "pw"), X("HELLO", "3", "SETNAME", "bad name"),
        X("FOOBAR"), X("FOOBAR", "a", "b"), X("foobar", "x" * 200), X("GET", "a", "b", "c"), X("get"), X("gEt", "k"),
        X("SET", "k", "v"), X("GeT", "k"), X("set"),
        INFO("INFO"), X("DBSIZE"), TIME("TIME"), X("TIME", "x"),
    ]))
    s.append(("connection/hello-switch", [
        HELLO("HELLO"), HELLO("HELLO", "3"), X("HSET", "h", "a", "1"), X("HGETALL", "h"), X("GET", "nosuch"),
        X("INCRBYFLOAT", "f", "1.5"), HELLO("HELLO", "2"), X("HGETALL", "h"), X("GET", "nosuch"),
        HELLO("HELLO", "3", "SETNAME", "conn1"), HELLO("HELLO", "2", "AUTH", "default", "anything"),
        HELLO("HELLO", "2", "AUTH", "default", "anything", "SETNAME", "c2"),
    ]))
    return s


# ------------------------------------------------------ random sequences ----

#: How the final dataset is read, per TYPE: the whole value, compared as Redis orders it (or not).
DUMP = {
    b"string": lambda k: X("GET", k),
    b"hash": lambda k: UP("HGETALL", k),
    b"set": lambda k: U("SMEMBERS", k),
    b"list": lambda k: X("LRANGE", k, "0", "-1"),
    b"zset": lambda k: X("ZRANGE", k, "0", "-1", "WITHSCORES"),
}


def final_state_steps(pair):
    """Steps comparing the whole dataset (as Redis sees it) at the end of a random run."""
    r = pair._one(pair.redis, ["KEYS", "*"])
    keys = sorted(x[1] for x in r[1]) if not isinstance(r, str) and r[0] == "array" else []
    steps = [U("KEYS", "*"), X("DBSIZE")]
    for k in keys:
        steps += [X("TYPE", k), X("OBJECT", "ENCODING", k), T("TTL", k)]
        t = pair._one(pair.redis, ["TYPE", k])
        dump = DUMP.get(t[1] if not isinstance(t, str) and t[0] == "simple" else None)
        if dump:
            steps.append(dump(k))
    return steps


# --------------------------------------------------------- (a) redis-cli ----

def run_cli(port, args, stdin=None):
    try:
        p = subprocess.run(["redis-cli", "-p", str(port)] + args, input=stdin, capture_output=True, timeout=20)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return -1, "", "(redis-cli timed out)"


def normalize_cli(text, port):
    text = re.sub(rf"\b{port}\b", "<port>", text)
    text = re.sub(r"^id \d+$", "id <n>", text, flags=re.M)
    text = re.sub(r"^(\d+\) )?\"?id\"?\n(\d+\) )?\(integer\) \d+", "id <n>", text, flags=re.M)
    return text


def cli_command(args):
    """The command name in a redis-cli argument list (after options such as -3 or -n 3)."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in ("-n", "-p", "-h", "-a") else 1
    return args[i].upper() if i < len(args) else "REDIS-CLI"


def part_cli(lode_port, redis_port, report):
    print(f"\n== (a) redis-cli against Lodestone (port {lode_port}) and redis-server (port {redis_port})")
    section = "redis-cli"
    for port in (lode_port, redis_port):
        run_cli(port, ["flushall"])
    scripted = [
        (["set", "color", "blue"], "OK"), (["get", "color"], "blue"), (["keys", "*"], "color"),
        (["del", "color"], "1"), (["get", "color"], ""), (["dbsize"], "0"), (["config", "get", "port"], "port\n<port>"),
        (["ping"], "PONG"), (["select", "3"], "OK"), (["-n", "3", "set", "x", "1"], "OK"), (["-n", "3", "dbsize"], "1"),
        (["dbsize"], "0"), (["flushall"], "OK"), (["-n", "3", "dbsize"], "0"), (["echo", "hi there"], "hi there"),
        (["-3", "hset", "h", "a", "1"], "1"), (["-3", "hgetall", "h"], "a 1"), (["--no-raw", "get", "nosuch"], "(nil)"),
        (["--no-raw", "hgetall", "h"], '1) "a"\n2) "1"'), (["-3", "--no-raw", "hgetall", "h"], '1# "a" => "1"'),
        (["incrbyfloat", "f", "1.5"], "1.5"), (["flushall"], "OK"),
    ]
    for args, expected in scripted:
        outs = {}
        for who, port in (("lodestone", lode_port), ("redis", redis_port)):
            rc, out, err = run_cli(port, args)
            outs[who] = (rc, normalize_cli(out.rstrip("\n"), port), err.strip())
        where = "redis-cli " + " ".join(args)
        problems = []
        if outs["lodestone"][:2] != outs["redis"][:2]:
            problems.append("output differs from redis-server's")
        if outs["redis"][1] != expected:
            problems.append(f"redis-server's output is not the expected {expected!r} (check the test)")
        if problems:
            report.diff(section, f"{where}: {'; '.join(problems)}",
                        [f"lodestone: rc={outs['lodestone'][0]} {outs['lodestone'][1]!r} {outs['lodestone'][2]}",
                         f"redis:     rc={outs['redis'][0]} {outs['redis'][1]!r}"], cli_command(args))
        else:
            report.ok(section)
            print(f"  ok   {where}")
    for args in (["info"], ["info", "server"], ["info", "keyspace"]):
        for who, port in (("lodestone", lode_port), ("redis", redis_port)):
            rc, out, err = run_cli(port, ["set", "k", "v"]) if args == ["info", "keyspace"] else (0, "", "")
            rc, out, err = run_cli(port, args)
            need = {"info": ["# Server", "redis_version:", f"tcp_port:{port}", "# Clients", "connected_clients:",
                             "# Memory", "used_memory:", "# Keyspace"],
                    "server": ["# Server", "redis_version:", f"tcp_port:{port}", "process_id:"],
                    "keyspace": ["# Keyspace", "db0:keys=1,expires=0,avg_ttl=0"]}[args[-1]]
            missing = [n for n in need if n not in out]
            where = f"redis-cli {' '.join(args)} ({who})"
            if rc != 0 or missing:
                report.diff(section, f"{where}: missing {missing}", [f"rc={rc} output: {out[:300]!r} {err[:200]}"], "INFO")
            else:
                report.ok(section)
                print(f"  ok   {where}")
        for port in (lode_port, redis_port):
            run_cli(port, ["flushall"])
    piped = [
        ([], "set color blue\nget color\nkeys *\ndel color\ndbsize\nconfig get port\nping\nselect 3\nset x 1\n"
             "dbsize\nflushall\ndbsize\n", "OK\nblue\ncolor\n1\n0\nport\n<port>\nPONG\nOK\nOK\n1\nOK\n0"),
        (["-3"], "set color blue\nhset h a 1 b 2\nhgetall h\nget nosuch\nincrbyfloat n 2.5\nping\nflushall\n",
         "OK\n2\na 1\nb 2\n\n2.5\nPONG\nOK"),
        (["-3"], "hello 3\n", None),
        (["-n", "2"], "set a 1\ndbsize\nflushdb\ndbsize\n", "OK\n1\nOK\n0"),
        ([], "get\nfoobar x\nset k v\nget k\ndel k\n", None),
    ]
    for args, stdin, expected in piped:
        outs = {}
        for who, port in (("lodestone", lode_port), ("redis", redis_port)):
            rc, out, err = run_cli(port, args, stdin.encode())
            outs[who] = (rc, normalize_cli(out.rstrip("\n"), port), err.strip())
        where = f"printf {stdin[:40]!r}... | redis-cli {' '.join(args)}"
        problems = []
        if outs["lodestone"][:2] != outs["redis"][:2]:
            problems.append("output differs from redis-server's")
        if expected is not None and outs["redis"][1] != expected:
            problems.append("redis-server's output is not the expected one (check the test)")
        if problems:
            report.diff(section, f"{where}: {'; '.join(problems)}",
                        [f"lodestone: rc={outs['lodestone'][0]} {outs['lodestone'][1]!r}",
                         f"redis:     rc={outs['redis'][0]} {outs['redis'][1]!r}"], "REDIS-CLI STDIN")
        else:
            report.ok(section)
            print(f"  ok   {where}")
    for port in (lode_port, redis_port):
        run_cli(port, ["flushall"])


# --------------------------------------------------------- (b) differential ----

def part_differential(lode_port, redis_port, report, args):
    print(f"\n== (b) differential: the same commands to Lodestone (port {lode_port}) and redis-server (port {redis_port})")
    now = int(time.time())
    seqs = sequences(now)
    for proto in (2, 3):
        for name, steps in seqs:
            pair = Pair(lode_port, redis_port, proto, name)
            if proto == 3 and name == seqs[0][0]:
                step = HELLO("HELLO", "3")
                ra, rb = pair.hello
                if compare(step, ra, rb, 3):
                    report.diff("differential", f"[RESP3] connection setup: HELLO 3",
                                [f"lodestone: {show(ra)}", f"redis:     {show(rb)}"], "HELLO", ra, rb)
                else:
                    report.ok("differential")
            reset(pair, report)
            run_sequence(pair, name, steps, report, "differential", proto)
            pair.close()
        print(f"  RESP{proto}: {len(seqs)} sequences done")

    families = detect_families(lode_port, report)
    available = [t for t in DATA_TYPES if t in families]
    runs = [(fam, ["keys"] + available if fam == "keys" else [fam]) for fam in families]
    if len(available) > 1:
        runs.append(("mixed", available + ["keys"]))
    if args.families:
        runs = [run for run in runs if run[0] in args.families]
    count = args.per_type
    if args.long:
        count = max(1, LONG_TOTAL // (2 * len(runs)))
    print(f"\n== (b) random sequences: seed {args.seed}, {count} commands per family and protocol "
          f"({2 * count * len(runs)} in all)")
    for index, (label, fams) in enumerate(runs):
        for proto in (2, 3):
            started = time.time()
            before = report.diffs["random"]
            seed = args.seed * 1000 + index * 10 + proto
            pair = Pair(lode_port, redis_port, proto, label)
            try:
                reset(pair, report)
                steps = RandomCommands(seed, int(time.time()), available).steps(fams, count)
                run_sequence(pair, f"{label}(seed={seed})", steps, report, "random", proto)
                run_sequence(pair, f"{label}(seed={seed}) final state", final_state_steps(pair), report, "random", proto)
            finally:
                pair.close()
            print(f"  RESP{proto} {label:<12} {len(steps):>7} commands, {report.diffs['random'] - before:>5} differences "
                  f"({time.time() - started:.1f} s)")


#: Commands of a --long random run, spread over the families and both protocols.
LONG_TOTAL = 1_000_000


def detect_families(lode_port, report):
    """The families Lodestone implements: its reply to their probe commands is not "unknown command"."""
    wanted = FAMILIES
    conn = Resp(lode_port)
    found = []
    try:
        for fam in wanted:
            unknown = False
            for probe in PROBES[fam]:
                r = conn.call(*probe)
                if is_error(r) and r[1].startswith(b"ERR unknown command"):
                    unknown = True
            if unknown:
                print(f"  SKIPPED (not implemented): {fam}")
                report.skipped.append(f"random {fam}: SKIPPED (not implemented: its commands are unknown to Lodestone)")
            else:
                found.append(fam)
    finally:
        conn.close()
    return found


_reset_warned = set()


def reset(pair, report):
    """FLUSHALL on both (not compared); warns once if a server cannot, since later steps then cascade."""
    for who, conn in (("lodestone", pair.lode), ("redis", pair.redis)):
        r = pair._one(conn, ["FLUSHALL"])
        if r != ("simple", b"OK") and who not in _reset_warned:
            _reset_warned.add(who)
            print(f"  warning: FLUSHALL between sequences failed on {who} ({show(r)}): "
                  "keys left by one sequence may cause differences in the next")


# --------------------------------------------------------- (c) bad input ----

def raw_exchange(port, data, quiet=0.4, first=3.0):
    """Sends raw bytes on a new connection; returns (bytes received, closed by the server)."""
    with socket.create_connection(("127.0.0.1", port), timeout=first) as s:
        try:
            s.sendall(data)
        except OSError:
            pass
        out = b""
        deadline = time.time() + 10
        s.settimeout(first)
        while time.time() < deadline:
            try:
                d = s.recv(65536)
            except socket.timeout:
                return out, False
            except ConnectionResetError:
                return out, True
            if not d:
                return out, True
            out += d
            s.settimeout(quiet)
        return out, False


RAW_CASES = [
    ("multibulk count not a number", b"*abc\r\n"),
    ("multibulk count negative (ignored) then PING", b"*-5\r\n*1\r\n$4\r\nPING\r\n"),
    ("multibulk count zero then PING", b"*0\r\n*1\r\n$4\r\nPING\r\n"),
    ("multibulk count above INT_MAX", b"*3000000000\r\n"),
    ("multibulk count with trailing garbage", b"*1x\r\n$4\r\nPING\r\n"),
    ("multibulk count empty", b"*\r\n"),
    ("bulk length negative", b"*1\r\n$-1\r\n"),
    ("bulk length not a number", b"*1\r\n$abc\r\n"),
    ("bulk length empty", b"*1\r\n$\r\n"),
    ("bulk length with plus sign", b"*1\r\n$+4\r\nPING\r\n"),
    ("bulk expected, simple string found", b"*1\r\n+PING\r\n"),
    ("bulk expected, inline word found", b"*1\r\nPING\r\n"),
    ("bulk above proto-max-bulk-len (default 512mb)", b"*2\r\n$3\r\nGET\r\n$536870913\r\n"),
    ("bulk shorter than announced then GET", b"*2\r\n$3\r\nGET\r\n$1\r\nZbc\r\n"),
    ("CR only line ending inside bulk count", b"*1\r\n$4\r\nPING\r\r\n"),
    ("inline unknown word", b"$5\r\nhellx\r\n"),
    ("inline unbalanced quotes", b'SET "a b\r\n'),
    ("inline closing quote not followed by space", b'SET "a"b c\r\n'),
    ("inline quoted with escapes", b'SET "k\\x41\\n" \'v w\'\r\nGET "k\\x41\\n"\r\n'),
    ("inline blank lines then PING", b"   \r\n\r\nPING\r\n"),
    ("inline too big (no newline, 70 KB)", b"x" * 70000),
    ("multibulk count line too big", b"*" + b"1" * 70000),
    ("unknown command", b"*2\r\n$7\r\nFOOBARX\r\n$1\r\na\r\n"),
    ("unknown command, long argument", b"*2\r\n$3\r\nFOO\r\n$200\r\n" + b"y" * 200 + b"\r\n"),
    ("wrong arity GET", b"*1\r\n$3\r\nGET\r\n"),
    ("wrong arity SET", b"*2\r\n$3\r\nSET\r\n$1\r\nk\r\n"),
    ("pipelined good, bad, good", b"*1\r\n$4\r\nPING\r\n*1\r\n$3\r\nGET\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"),
    ("pipelined commands then a protocol error", b"*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n*x\r\n*1\r\n$4\r\nPING\r\n"),
    ("binary zero bytes in a key", b"*3\r\n$3\r\nSET\r\n$3\r\na\x00b\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$3\r\na\x00b\r\n"),
    ("empty command name", b"*1\r\n$0\r\n\r\n"),
]


def part_bad_input(lode_port, redis_port, report):
    print(f"\n== (c) bad input over raw sockets: Lodestone (port {lode_port}) vs redis-server (port {redis_port})")
    section = "bad-input"
    keepers = {}
    for who, port in (("lodestone", lode_port), ("redis", redis_port)):
        c = Resp(port)
        c.call("SET", "survivor", "still here")
        keepers[who] = c
    for name, data in RAW_CASES:
        rl = raw_exchange(lode_port, data)
        rr = raw_exchange(redis_port, data)
        if rl == rr:
            report.ok(section)
            print(f"  ok   {name}: {rr[0][:70]!r}{' (closed)' if rr[1] else ''}")
        else:
            report.diff(section, name, [f"sent:      {data[:80]!r}{'...' if len(data) > 80 else ''}",
                                        f"lodestone: {rl[0][:300]!r} {'closed' if rl[1] else 'left open'}",
                                        f"redis:     {rr[0][:300]!r} {'closed' if rr[1] else 'left open'}"],
                        "PROTOCOL")
    for who, port in (("lodestone", lode_port), ("redis", redis_port)):
        problems = []
        try:
            r = keepers[who].call("GET", "survivor")
            if r != ("bulk", b"still here"):
                problems.append(f"the other client's key reads {show(r)}")
        except (OSError, ReplyTimeout, ConnectionClosed) as e:
            problems.append(f"the other client's connection broke: {e!r}")
        try:
            c = Resp(port)
            r = c.call("GET", "survivor")
            c.close()
            if r != ("bulk", b"still here"):
                problems.append(f"a new client reads {show(r)}")
        except (OSError, ReplyTimeout, ConnectionClosed) as e:
            problems.append(f"a new connection failed: {e!r}")
        keepers[who].close()
        if problems:
            report.diff(section, f"{who}: data of another client after the bad input", problems, "PROTOCOL")
        else:
            report.ok(section)
            print(f"  ok   {who}: another client's data intact, server still serving")


AUTH_CASES = [
    ("PING before AUTH", b"*1\r\n$4\r\nPING\r\n"),
    ("GET before AUTH", b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"),
    ("unknown command before AUTH", b"*1\r\n$6\r\nFOOBAR\r\n"),
    ("HELLO 3 before AUTH", b"*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n"),
    ("AUTH with a wrong password", b"*2\r\n$4\r\nAUTH\r\n$5\r\nwrong\r\n"),
    ("AUTH default with a wrong password", b"*3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$5\r\nwrong\r\n"),
    ("AUTH wrong arity", b"*1\r\n$4\r\nAUTH\r\n"),
    ("HELLO 3 AUTH default wrong", b"*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$5\r\nwrong\r\n"),
    ("more than 10 arguments before AUTH", b"*11\r\n"),
    ("bulk above 16 KB before AUTH", b"*1\r\n$20000\r\n"),
    ("inline GET before AUTH", b"GET k\r\n"),
    ("AUTH then GET", b"*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"),
    ("AUTH default then PING", b"*3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$6\r\ns3cret\r\n*1\r\n$4\r\nPING\r\n"),
    ("wrong then right password", b"*2\r\n$4\r\nAUTH\r\n$1\r\nx\r\n*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n"
                                  b"*2\r\n$4\r\nECHO\r\n$2\r\nok\r\n"),
    ("after AUTH more than 10 arguments are fine",
     b"*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n*12\r\n$4\r\nMGET\r\n" + b"$1\r\nk\r\n" * 11),
]


def start_pair(kinds, name, extra, workdir):
    """Starts ('lodestone' server, redis server) with extra args; returns (lode, redis, problem)."""
    lode = Server(f"lodestone-{name}", kinds[0], extra, workdir)
    red = Server(f"redis-{name}", "redis", extra, workdir)
    ok_l, ok_r = lode.wait_ready(), red.wait_ready()
    if not ok_r:
        raise SystemExit(f"redis-server {' '.join(extra)} did not start:\n{red.log_tail()}")
    if not ok_l:
        return lode, red, f"Lodestone did not start with {' '.join(extra)}:\n{lode.log_tail(8)}"
    return lode, red, None


def part_auth(kinds, workdir, report):
    print("\n== (c) NOAUTH: servers started with --requirepass s3cret")
    section = "bad-input"
    lode, red, problem = start_pair(kinds, "auth", ["--requirepass", "s3cret"], workdir)
    try:
        if problem:
            report.skip(f"requirepass checks: {problem}")
            return
        probe = raw_exchange(lode.port, b"*1\r\n$4\r\nPING\r\n")
        if not probe[0].startswith(b"-NOAUTH"):
            report.skip("requirepass checks: Lodestone answered PING without AUTH "
                        f"({probe[0][:40]!r}): its config does not apply --requirepass yet")
            return
        for name, data in AUTH_CASES:
            rl, rr = raw_exchange(lode.port, data), raw_exchange(red.port, data)
            if rl == rr:
                report.ok(section)
                print(f"  ok   {name}: {rr[0][:70]!r}{' (closed)' if rr[1] else ''}")
            else:
                report.diff(section, f"requirepass: {name}", [
                    f"sent:      {data[:80]!r}", f"lodestone: {rl[0][:300]!r} {'closed' if rl[1] else 'left open'}",
                    f"redis:     {rr[0][:300]!r} {'closed' if rr[1] else 'left open'}"], "AUTH")
    finally:
        lode.stop()
        red.stop()


def part_max_bulk(kinds, workdir, report):
    print("\n== (c) proto-max-bulk-len: servers started with --proto-max-bulk-len 1mb")
    section = "bad-input"
    lode, red, problem = start_pair(kinds, "bulk", ["--proto-max-bulk-len", "1mb"], workdir)
    try:
        if problem:
            report.skip(f"proto-max-bulk-len checks: {problem}")
            return
        over = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n"
        probe = raw_exchange(lode.port, over, first=2.0)
        if not probe[0] and not probe[1]:
            report.skip("proto-max-bulk-len checks: Lodestone waited for the 1048577-byte bulk: "
                        "its config does not apply --proto-max-bulk-len yet")
            return
        cases = [
            ("bulk one byte above the limit", over),
            ("bulk exactly at the limit", b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n" + b"z" * 1048576 +
             b"\r\n*2\r\n$6\r\nSTRLEN\r\n$1\r\nk\r\n"),
            ("SETRANGE past the limit", b"*4\r\n$8\r\nSETRANGE\r\n$1\r\nk\r\n$7\r\n1048576\r\n$1\r\nx\r\n"),
            ("APPEND past the limit", b"*4\r\n$8\r\nSETRANGE\r\n$1\r\na\r\n$7\r\n1048575\r\n$1\r\nx\r\n"
             b"*3\r\n$6\r\nAPPEND\r\n$1\r\na\r\n$1\r\ny\r\n*2\r\n$6\r\nSTRLEN\r\n$1\r\na\r\n"),
        ]
        for name, data in cases:
            rl, rr = raw_exchange(lode.port, data), raw_exchange(red.port, data)
            if rl == rr:
                report.ok(section)
                print(f"  ok   {name}: {rr[0][:70]!r}{' (closed)' if rr[1] else ''}")
            else:
                report.diff(section, f"proto-max-bulk-len 1mb: {name}", [
                    f"lodestone: {rl[0][:300]!r} {'closed' if rl[1] else 'left open'}",
                    f"redis:     {rr[0][:300]!r} {'closed' if rr[1] else 'left open'}"], "PROTOCOL")
    finally:
        lode.stop()
        red.stop()


# ---------------------------------------------------------------- main ----

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against-redis", action="store_true",
                    help="self-check: a second redis-server stands in for Lodestone (everything must pass)")
    ap.add_argument("--lodestone-port", type=int, help="use a Lodestone already running on this port")
    ap.add_argument("--redis-port", type=int, help="use a redis-server already running on this port")
    ap.add_argument("--seed", type=int, default=1, help="seed of the random sequences (default 1)")
    ap.add_argument("--per-type", type=int, default=1500,
                    help="random commands per family (strings, lists, ...) and protocol (default 1500)")
    ap.add_argument("--long", action="store_true",
                    help=f"a long random run: {LONG_TOTAL:,} commands in all, spread over the families")
    ap.add_argument("--families", type=lambda v: v.split(","),
                    help=f"random runs of these families only, comma-separated ({','.join(FAMILIES)})")
    ap.add_argument("--details-random", type=int, default=60,
                    help="random-run differences printed in full (all are counted; default 60)")
    ap.add_argument("--only", choices=["cli", "diff", "bad"], action="append",
                    help="run only these parts (repeatable)")
    args = ap.parse_args()
    parts = set(args.only or ["cli", "diff", "bad"])

    for tool in ("redis-server", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"interop: {tool} not found (apt-get install redis-server redis-tools)")

    workdir = tempfile.mkdtemp(prefix="lodestone-interop.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = Report({"random": args.details_random})
    kinds = ("redis" if args.against_redis else "lodestone", "redis")
    started = time.time()
    try:
        if args.lodestone_port:
            lode_port = args.lodestone_port
        else:
            lode = Server("lodestone", kinds[0], [], workdir)
            if not lode.wait_ready(timeout=600):  # the launcher may build first
                sys.exit(f"interop: Lodestone did not start:\n{lode.log_tail()}")
            lode_port = lode.port
        if args.redis_port:
            redis_port = args.redis_port
        else:
            red = Server("redis", "redis", [], workdir)
            if not red.wait_ready():
                sys.exit(f"interop: redis-server did not start:\n{red.log_tail()}")
            redis_port = red.port
        label = "redis-server standing in for Lodestone" if args.against_redis else "Lodestone"
        print(f"interop: {label} on port {lode_port}, redis-server {redis_port_version(redis_port)} on port {redis_port}")

        if "cli" in parts:
            part_cli(lode_port, redis_port, report)
        if "diff" in parts:
            try:
                part_differential(lode_port, redis_port, report, args)
            except ServerUnresponsive as e:
                report.diff("servers", f"differential part stopped: {e}", [])
        if "bad" in parts:
            part_bad_input(lode_port, redis_port, report)
            if args.lodestone_port or args.redis_port:
                report.skip("requirepass and proto-max-bulk-len checks need servers started by this script")
            else:
                part_auth(kinds, workdir, report)
                part_max_bulk(kinds, workdir, report)
        for s in list(Server.started):
            if not s.alive():
                report.diff("servers", f"{s.name} exited during the run", [s.log_tail(10)])
    finally:
        stop_all_servers()
        shutil.rmtree(workdir, ignore_errors=True)

    print("\n== summary")
    for section in sorted(report.checks):
        print(f"  {section:<13} {report.checks[section]:>6} checks, {report.diffs[section]:>5} differences")
    if report.by_command:
        print("  differences by command: " + ", ".join(f"{c} {n}" for c, n in report.by_command.most_common()))
    if report.unimplemented:
        print("  unknown to Lodestone (ERR unknown command where Redis answered): "
              + " ".join(sorted(report.unimplemented)))
    for s in report.skipped:
        print(f"  skipped: {s.splitlines()[0]}")
    total = sum(report.diffs.values())
    print(f"interop: {sum(report.checks.values())} checks, {total} differences ({time.time() - started:.0f} s)")
    return 1 if total else 0


def redis_port_version(port):
    try:
        c = Resp(port)
        r = c.call("INFO", "server")
        c.close()
        m = re.search(rb"redis_version:(\S+)", r[1] or b"")
        return m.group(1).decode() if m else "?"
    except Exception:
        return "?"


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all_servers()
