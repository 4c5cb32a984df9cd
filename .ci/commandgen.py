"""What the differential check sends: steps (a command and how its two replies are compared) and
seeded generators of random but valid command sequences over every Redis data type.

.ci/interop.py sends the steps to Lodestone and to redis-server and compares the replies; this
module only decides what to send. Standard library only.

A generator run is deterministic for a seed: it never looks at replies. Where Redis's reply is
not determined by the commands alone (SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER, RANDOMKEY), the
random pick is preceded by a step whose reply gives the universe (SMEMBERS, HGETALL, ZRANGE ...
WITHSCORES, KEYS *), and the pick is checked for validity against it on each server; a SPOP is
followed by a DEL of its key, so the two datasets stay equal. SCANs iterate to the end and compare
sets. Pub/sub and WATCH use further connections (a step's `conn`).
"""

import fnmatch
import random

# ---------------------------------------------------------------- steps ----


class Step:
    """One command of a sequence and how its two replies are compared.

    opts: conn (connection index, default 0), replies (replies the command produces, default 1),
    send (False: read replies that arrive unasked, e.g. pub/sub messages), plus mode-specific ones.
    """

    def __init__(self, args, mode="exact", **opts):
        self.args = [a if isinstance(a, (bytes, str)) else str(a) for a in args]
        self.mode = mode
        self.opts = opts

    @property
    def conn(self):
        return self.opts.get("conn", 0)

    @property
    def replies(self):
        return self.opts.get("replies", 1)

    @property
    def sends(self):
        return self.opts.get("send", True)

    @property
    def sequential(self):
        """Steps that need their replies before the next command is sent (SCAN iterations...)."""
        return self.mode in ("scan", "info", "hello", "time")

    def name(self):
        if not self.args:
            return "(RECV)"
        a = self.args[0]
        return (a.decode(errors="replace") if isinstance(a, bytes) else a).upper()

    def text(self, limit=160):
        if not self.sends:
            return f"(read {self.replies} message(s) on connection {self.conn})"
        parts = []
        for a in self.args:
            s = a.decode(errors="replace") if isinstance(a, bytes) else a
            if not s or any(c in s for c in " \"'\r\n\0"):
                s = repr(s)
            parts.append(s if len(s) <= 60 else s[:57] + "...")
        s = " ".join(parts)
        if self.conn:
            s = f"[conn {self.conn}] " + s
        return s if len(s) <= limit else s[:limit] + "..."


def X(*args, **opts):
    """Exact: same type, same bytes."""
    return Step(args, **opts)


def U(*args, **opts):
    """Unordered: arrays/sets compared as multisets (KEYS, SMEMBERS, large HKEYS/HVALS...)."""
    return Step(args, "unordered", **opts)


def UP(*args, **opts):
    """Unordered pairs: HGETALL-like (a flat RESP2 array of pairs, or a RESP3 map)."""
    return Step(args, "pairs", **opts)


def T(*args, tol=1):
    """An integer that depends on the clock (TTL...): equal when negative, else within tol."""
    return Step(args, "tolerance", tol=tol)


def SCAN(*args, pairs=False):
    """A full SCAN-family iteration from cursor 0, compared as a set of elements."""
    return Step(args, "scan", pairs=pairs)


def RAND(*args, universe=(), values=None):
    """A random pick (RANDOMKEY, HRANDFIELD): checked for validity on each server, shapes compared."""
    return Step(args, "random", universe=set(u.encode() if isinstance(u, str) else u for u in universe),
                values=values)


def PICK(kind, *args):
    """A random pick checked against the previous step's reply on the same server (its universe).

    kind: "member" (SMEMBERS before), "field" (HGETALL before), "zmember" (ZRANGE 0 -1 WITHSCORES
    before), "key" (KEYS * before).
    """
    return Step(args, "pick", kind=kind)


def GROUP(*args, replies, unordered=False, **opts):
    """A command answered by several replies (SUBSCRIBE a b c): compared in order, or as a multiset."""
    return Step(args, "group-unordered" if unordered else "group", replies=replies, **opts)


def UNSUB_ALL(*args, replies, **opts):
    """UNSUBSCRIBE / PUNSUBSCRIBE without arguments: one reply per subscription in the server's hash
    order, so the channels and the remaining counts are compared as multisets."""
    return Step(args, "unsub-all", replies=replies, **opts)


def RECV(n, conn):
    """Reads n messages pushed to connection conn (pub/sub), compared as a multiset."""
    return Step([], "group-unordered", replies=n, conn=conn, send=False, expect=(b"message", b"pmessage"))


def HELLO(*args):
    """HELLO: the map compared with its per-connection id left out."""
    return Step(args, "hello")


def TIME(*args):
    """TIME: two integer bulk strings, the seconds within 2 of each other."""
    return Step(args, "time")


def INFO(*args):
    """INFO: checked structurally (sections, core fields, identical keyspace line)."""
    return Step(args, "info")


def Q(*args):
    """Sent to both, reply not compared (setup whose reply is checked elsewhere)."""
    return Step(args, "quiet")


# ------------------------------------------------------------ generators ----

#: Every family a random run can cover, in the order they run.
FAMILIES = ["strings", "keys", "hashes", "sets", "lists", "zsets", "transactions", "pubsub"]
#: The families that hold data (the others act on them).
DATA_TYPES = ["strings", "hashes", "sets", "lists", "zsets"]

#: A command per family that Lodestone answers "ERR unknown command" to until the family exists.
PROBES = {
    "strings": [["GET", "__probe__"]],
    "keys": [["EXISTS", "__probe__"]],
    "hashes": [["HLEN", "__probe__"]],
    "sets": [["SCARD", "__probe__"]],
    "lists": [["LLEN", "__probe__"]],
    "zsets": [["ZCARD", "__probe__"]],
    "transactions": [["MULTI"], ["DISCARD"]],
    "pubsub": [["PUBSUB", "NUMPAT"]],
}


class RandomCommands:
    """Seeded random command sequences; one instance per run.

    `available` is the set of data types both servers implement: generic commands (DEL, RENAME,
    EXPIRE...) and transactions only touch keys of those types.
    """

    def __init__(self, seed, now, available):
        self.rnd = random.Random(seed)
        self.now = now
        self.available = set(available)
        r = self.rnd
        # ---- key names, per type (wrong-type commands come from picking another type's key)
        self.keys = {
            "strings": [f"s{i}" for i in range(6)],
            "hashes": [f"h{i}" for i in range(4)],
            "sets": [f"S{i}" for i in range(5)],
            "lists": [f"L{i}" for i in range(5)],
            "zsets": [f"Z{i}" for i in range(4)],
        }
        self.lex_keys = ["ZL0", "ZL1"]  # sorted sets whose members all have score 0 (BYLEX)
        self.fields = [f"f{i}" for i in range(6)]
        self.long_field = "long" + "L" * 61  # rare: turns a hash into a hashtable
        self.values = ["", "v", "0", "1", "-1", "42", "007", "3.14", "1e3", "abc", " 12", "9223372036854775807",
                       "-9223372036854775808", "12345678901234567890", "hello world"]
        self.long_value = "x" * 70  # rare: raw strings, hashtable hashes
        self.members = [str(i) for i in range(-3, 12)] + ["a", "b", "c", "d", "e", "f", "3.0", "x y", ""]
        self.list_values = ["a", "b", "c", "d", "1", "2", "-5", "", "hello", "a"]
        self.zmembers = list("abcdefghij") + ["m1", "m2"]
        self.scores = ["0", "1", "-1", "2", "2.5", "-2.5", "3", "10", "100", "1e3", "0.1", "1.5e-3", "inf", "-inf",
                       "+inf", "17", "42", "-0"]
        self.lex_members = list("abcdefgh") + ["aa", "ab", "b1", "zz"]
        self.lex_bounds = ["-", "+", "[a", "(a", "[b", "(c", "[d", "[aa", "(ab", "[zz", "[e", "(h", "[", "("]
        self.rel_s = ["1000", "2000", "3000"]
        self.rel_ms = ["1000000", "2000000", "3000000"]
        # SET/GETEX with a time in the past leave a logically expired key that DBSIZE counts until
        # the active expiry cycle (random) removes it: past times only where they delete (EXPIREAT)
        self.fut_s = [str(now + d) for d in (1500, 2500, 3500)]
        self.fut_ms = [str((now + d) * 1000 + 7) for d in (1700, 2700)]
        self.abs_s = self.fut_s + ["1", str(now - 100)]
        self.abs_ms = self.fut_ms + ["1", str(now * 1000 - 5000)]
        # ---- pub/sub model: subscriber connections 1 and 2
        self.channels = ["news.tech", "news.art", "chat", "chat.room1", "x"]
        self.patterns = ["news.*", "chat*", "*", "n?ws.t*", "x"]
        self.subs = {1: [], 2: []}
        self.psubs = {1: [], 2: []}
        # ---- transaction model: connection 0 runs MULTI/EXEC, connection 1 interferes
        self.in_multi = False
        self.queued = 0
        self.watched = []
        self._makers = {}

    # ---- helpers ---------------------------------------------------------------------------

    def pick(self, seq):
        return self.rnd.choice(seq)

    def key_of(self, kind, foreign=0.06):
        """A key of this type, sometimes one of another available type (WRONGTYPE)."""
        if self.rnd.random() < foreign:
            others = [t for t in self.available if t != kind] or [kind]
            kind = self.pick(others)
        return self.pick(self.keys[kind])

    def any_key(self):
        kinds = sorted(self.available)
        return self.pick(self.keys[self.pick(kinds)])

    def all_keys(self):
        return [k for t in sorted(self.available) for k in self.keys[t]] + (
            self.lex_keys if "zsets" in self.available else [])

    def val(self):
        x = self.rnd.random()
        if x < 0.2:
            return str(self.rnd.randint(-1000, 1000))
        if x < 0.22:
            return self.long_value
        return self.pick(self.values)

    def field(self):
        return self.long_field if self.rnd.random() < 0.01 else self.pick(self.fields)

    # ---- strings ---------------------------------------------------------------------------

    def strings(self):
        r = self.rnd
        sk = lambda: self.key_of("strings", 0.08)

        def set_cmd():
            args = ["SET", sk(), self.val()]
            opt = r.choice(["", "", "EX", "PX", "EXAT", "PXAT", "KEEPTTL"])
            if opt == "EX":
                args += ["EX", r.choice(self.rel_s)]
            elif opt == "PX":
                args += ["PX", r.choice(self.rel_ms)]
            elif opt == "EXAT":
                args += ["EXAT", r.choice(self.fut_s)]
            elif opt == "PXAT":
                args += ["PXAT", r.choice(self.fut_ms)]
            elif opt == "KEEPTTL":
                args += ["KEEPTTL"]
            cond = r.choice(["", "", "NX", "XX"])
            if cond:
                args.append(cond)
            if r.random() < 0.3:
                args.append("GET")
            return X(*args)

        return [
            (6, set_cmd), (4, lambda: X("GET", sk())), (1, lambda: X("SETNX", sk(), self.val())),
            (1, lambda: X("SETEX", sk(), r.choice(self.rel_s), self.val())),
            (1, lambda: X("PSETEX", sk(), r.choice(self.rel_ms), self.val())), (1, lambda: X("GETSET", sk(), self.val())),
            (1, lambda: X("GETDEL", sk())),
            (1, lambda: X("GETEX", sk(), *r.choice([[], ["EX", r.choice(self.rel_s)], ["PERSIST"],
                                                     ["PXAT", r.choice(self.fut_ms)]]))),
            (2, lambda: X("MGET", *r.sample(self.keys["strings"], 3))),
            (1, lambda: X("MSET", sk(), self.val(), sk(), self.val())),
            (1, lambda: X("MSETNX", sk(), self.val(), sk(), self.val())),
            (2, lambda: X("APPEND", sk(), r.choice(self.values))), (1, lambda: X("STRLEN", sk())),
            (3, lambda: X(r.choice(["INCR", "DECR"]), sk())),
            (2, lambda: X(r.choice(["INCRBY", "DECRBY"]), sk(), str(r.choice([1, -1, 100, 9223372036854775807])))),
            (2, lambda: X("INCRBYFLOAT", sk(), r.choice(["0.1", "-1.5", "1e2", "3", "abc", "2.5e-3"]))),
            (1, lambda: X("GETRANGE", sk(), str(r.randint(-5, 5)), str(r.randint(-5, 20)))),
            (1, lambda: X("SETRANGE", sk(), str(r.randint(0, 12)), r.choice(["ab", "", "xyz"]))),
            (2, lambda: X("OBJECT", "ENCODING", sk())),
        ]

    # ---- generic key commands -------------------------------------------------------------------

    def generic(self):
        """DEL, EXISTS, TYPE, RENAME, COPY, EXPIRE... over the keys of every available type."""
        r = self.rnd
        key = self.any_key

        def expire_cmd():
            kind = r.choice(["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"])
            k = key()
            if kind == "EXPIRE":
                args = [kind, k, r.choice(self.rel_s + ["-1"])]
            elif kind == "PEXPIRE":
                args = [kind, k, r.choice(self.rel_ms)]
            elif kind == "EXPIREAT":
                args = [kind, k, r.choice(self.abs_s)]
            else:
                args = [kind, k, r.choice(self.abs_ms)]
            # GT/LT only on absolute times: relative ones race with the clock between the two servers
            opts = ["", "NX", "XX"] + (["GT", "LT"] if kind.endswith("AT") else [])
            o = r.choice(opts)
            if o:
                args.append(o)
            return X(*args)

        def rename():
            # mostly within one type, so a type's keys keep its type
            kinds = sorted(self.available)
            kind = r.choice(kinds)
            src = r.choice(self.keys[kind])
            dst = r.choice(self.keys[kind]) if r.random() < 0.85 else key()
            return X(r.choice(["RENAME", "RENAMENX"]), src, dst)

        def copy():
            kind = r.choice(sorted(self.available))
            return X("COPY", r.choice(self.keys[kind]), r.choice(self.keys[kind]), *r.choice([[], ["REPLACE"]]))

        return [
            (2, lambda: X("OBJECT", "ENCODING", key())),
            (2, lambda: X(r.choice(["DEL", "UNLINK"]), *r.sample(self.all_keys(), r.randint(1, 2)))),
            (2, lambda: X("EXISTS", *r.sample(self.all_keys(), 2))), (2, lambda: X("TYPE", key())),
            (1, rename), (1, copy),
            (3, expire_cmd), (2, lambda: T("TTL", key())), (1, lambda: T("PTTL", key(), tol=1500)),
            (1, lambda: T("EXPIRETIME", key())), (1, lambda: T("PEXPIRETIME", key(), tol=1500)),
            (1, lambda: X("PERSIST", key())), (1, lambda: X("TOUCH", key(), key())), (1, lambda: U("KEYS", "*")),
            (1, lambda: X("DBSIZE")),
            (1, lambda: SCAN("SCAN", *r.choice([[], ["MATCH", "h*"], ["TYPE", "string"], ["TYPE", "set"],
                                                 ["TYPE", "list"], ["TYPE", "zset"], ["COUNT", "3"]]))),
            (1, lambda: [U("KEYS", "*"), PICK("key", "RANDOMKEY")]),
        ]

    # ---- hashes ----------------------------------------------------------------------------

    def hashes(self):
        r = self.rnd
        hk = lambda: self.key_of("hashes", 0.08)
        return [
            (6, lambda: X("HSET", hk(), self.field(), self.val(), *r.choice([[], [self.field(), self.val()]]))),
            (1, lambda: X("HSETNX", hk(), self.field(), self.val())), (3, lambda: X("HGET", hk(), self.field())),
            (1, lambda: X("HMGET", hk(), self.field(), self.field())),
            (1, lambda: X("HMSET", hk(), self.field(), self.val())),
            (2, lambda: X("HDEL", hk(), self.field(), *r.choice([[], [self.field()]]))),
            (2, lambda: UP("HGETALL", hk())),
            (1, lambda: U("HKEYS", hk())), (1, lambda: U("HVALS", hk())), (1, lambda: X("HLEN", hk())),
            (1, lambda: X("HEXISTS", hk(), self.field())), (1, lambda: X("HSTRLEN", hk(), self.field())),
            (2, lambda: X("HINCRBY", hk(), self.field(), str(r.choice([1, -3, 9223372036854775807])))),
            (1, lambda: X("HINCRBYFLOAT", hk(), self.field(), r.choice(["0.5", "-2", "1e1", "x"]))),
            (1, lambda: SCAN("HSCAN", hk(), pairs=True)), (1, lambda: X("OBJECT", "ENCODING", hk())),
            (2, self._hrandfield),
        ]

    def _hrandfield(self):
        r = self.rnd
        k = self.key_of("hashes", 0.03)
        args = ["HRANDFIELD", k] + r.choice([[], [str(r.randint(-8, 8))], [str(r.randint(-8, 8)), "WITHVALUES"]])
        return [UP("HGETALL", k), PICK("field", *args)]

    # ---- sets ------------------------------------------------------------------------------

    def sets(self):
        r = self.rnd
        sk = lambda: self.key_of("sets")
        mem = lambda: self.pick(self.members)
        ks = lambda n: [sk() for _ in range(n)]

        def sadd():
            if r.random() < 0.01:  # past set-max-intset-entries (512): intset becomes hashtable
                return X("SADD", sk(), *[str(i) for i in range(r.randint(500, 530))])
            return X("SADD", sk(), *[mem() for _ in range(r.randint(1, 4))])

        def intercard():
            keys = ks(r.randint(1, 3))
            tail = r.choice([[], [], ["LIMIT", str(r.randint(0, 5))]])
            if r.random() < 0.05:
                tail = ["LIMIT", r.choice(["-1", "x"])]
            numkeys = len(keys) if r.random() < 0.93 else r.choice([0, len(keys) + 1, -1])
            return X("SINTERCARD", str(numkeys), *keys, *tail)

        def spop():
            k = sk()
            args = ["SPOP", k] + r.choice([[], [str(r.randint(0, 6))]])
            if r.random() < 0.03:
                args = ["SPOP", k, "-1"]
            return [U("SMEMBERS", k), PICK("member", *args), X("SCARD", k), X("DEL", k)]

        return [
            (8, sadd), (3, lambda: X("SREM", sk(), *[mem() for _ in range(r.randint(1, 3))])),
            (3, lambda: U("SMEMBERS", sk())), (3, lambda: X("SISMEMBER", sk(), mem())),
            (1, lambda: X("SMISMEMBER", sk(), mem(), mem(), mem())), (2, lambda: X("SCARD", sk())),
            (2, spop),
            (2, lambda: (lambda k: [U("SMEMBERS", k), PICK("member", "SRANDMEMBER", k,
                                                           *r.choice([[], [str(r.randint(-8, 8))]]))])(sk())),
            (1, lambda: X("SMOVE", sk(), sk(), mem())),
            (2, lambda: U("SINTER", *ks(r.randint(1, 3)))), (1, intercard),
            (1, lambda: X("SINTERSTORE", sk(), *ks(r.randint(1, 3)))),
            (2, lambda: U("SUNION", *ks(r.randint(1, 3)))), (1, lambda: X("SUNIONSTORE", sk(), *ks(r.randint(1, 3)))),
            (2, lambda: U("SDIFF", *ks(r.randint(1, 3)))), (1, lambda: X("SDIFFSTORE", sk(), *ks(r.randint(1, 3)))),
            (1, lambda: SCAN("SSCAN", sk(), *r.choice([[], ["MATCH", "*1*"], ["COUNT", "2"]]))),
            (2, lambda: X("OBJECT", "ENCODING", sk())),
        ]

    # ---- lists -----------------------------------------------------------------------------

    def lists(self):
        r = self.rnd
        lk = lambda: self.key_of("lists")
        v = lambda: self.pick(self.list_values) if r.random() < 0.95 else str(r.randint(-100, 100))
        idx = lambda: str(r.randint(-7, 7))
        end = lambda: r.choice(["LEFT", "RIGHT"])

        def push():
            if r.random() < 0.005:  # long enough to span quicklist nodes
                return X(r.choice(["RPUSH", "LPUSH"]), lk(), *[f"e{i}" for i in range(300)])
            return X(r.choice(["LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]), lk(),
                     *[v() for _ in range(r.randint(1, 3))])

        def pop():
            args = [r.choice(["LPOP", "RPOP"]), lk()]
            if r.random() < 0.4:
                args.append(r.choice(["0", "1", "2", "5", "1", "2"]) if r.random() < 0.9 else r.choice(["-1", "x"]))
            return X(*args)

        def lpos():
            args = ["LPOS", lk(), v()]
            bad = r.random() < 0.1  # one option out of range
            if r.random() < 0.4:
                args += ["RANK", r.choice(["1", "-1", "2", "-2"] + (["0"] if bad else []))]
            if r.random() < 0.4:
                args += ["COUNT", r.choice(["0", "1", "2"] + (["-1"] if bad else []))]
            if r.random() < 0.3:
                args += ["MAXLEN", r.choice(["0", "1", "3"] + (["-1"] if bad else []))]
            return X(*args)

        def lmpop():
            keys = [lk() for _ in range(r.randint(1, 3))]
            numkeys = len(keys) if r.random() < 0.95 else r.choice([0, len(keys) + 1])
            tail = r.choice([[], ["COUNT", r.choice(["1", "2", "10", "1", "2"] + (["0"] if r.random() < 0.2 else []))]])
            return X("LMPOP", str(numkeys), *keys, end(), *tail)

        def blocking():
            # a short timeout: deterministic either way (served at once, or nil after 10 ms)
            t = "0.01"
            kind = r.choice(["BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP"])
            if kind in ("BLPOP", "BRPOP"):
                return X(kind, lk(), lk(), t)
            if kind == "BLMOVE":
                return X(kind, lk(), lk(), end(), end(), t)
            if kind == "BRPOPLPUSH":
                return X(kind, lk(), lk(), t)
            return X("BLMPOP", t, "2", lk(), lk(), end(), *r.choice([[], ["COUNT", "2"]]))

        return [
            (10, push), (4, pop), (3, lambda: X("LLEN", lk())), (4, lambda: X("LRANGE", lk(), idx(), idx())),
            (1, lambda: X("LRANGE", lk(), "0", "-1")), (2, lambda: X("LINDEX", lk(), idx())),
            (1, lambda: X("LSET", lk(), idx(), v())),
            (1, lambda: X("LINSERT", lk(), r.choice(["BEFORE", "AFTER", "before", "MIDDLE"]), v(), v())),
            (1, lambda: X("LREM", lk(), r.choice(["0", "1", "-1", "2", "-2"]), v())),
            (1, lambda: X("LTRIM", lk(), str(r.randint(-3, 3)), str(r.randint(-4, 8)))),
            (2, lpos), (2, lambda: X("LMOVE", lk(), lk(), end(), end())), (1, lambda: X("RPOPLPUSH", lk(), lk())),
            (1, lmpop), (1, blocking), (1, lambda: X("OBJECT", "ENCODING", lk())),
        ]

    # ---- sorted sets -----------------------------------------------------------------------

    def zsets(self):
        r = self.rnd
        zk = lambda: self.key_of("zsets")
        lx = lambda: self.pick(self.lex_keys) if r.random() < 0.95 else zk()
        m = lambda: self.pick(self.zmembers)
        sc = lambda: self.pick(self.scores) if r.random() < 0.9 else str(r.randint(-50, 50))

        def score_bound():
            b = sc() if r.random() < 0.8 else r.choice(["-inf", "+inf", "-inf", "+inf", "x", "(x", "nan"])
            return ("(" + b) if r.random() < 0.25 and not b.startswith("(") else b

        def zadd():
            if r.random() < 0.01:  # past zset-max-listpack-entries (128): listpack becomes skiplist
                return X("ZADD", zk(), *[x for i in range(r.randint(120, 140)) for x in (str(i), f"n{i}")])
            flags = []
            if r.random() < 0.35:
                flags.append(r.choice(["NX", "XX", "GT", "LT", "CH", "GT", "CH"]))
                if r.random() < 0.3:
                    flags.append(r.choice(["CH", "GT", "LT", "NX", "XX"]))
            if r.random() < 0.12:
                flags.append("INCR")
                pairs = [sc(), m()] if r.random() < 0.9 else [sc(), m(), sc(), m()]
            else:
                pairs = [x for _ in range(r.randint(1, 3)) for x in (sc(), m())]
            if r.random() < 0.03:
                pairs[0] = r.choice(["nan", "abc", "1.5.5"])
            return X("ZADD", zk(), *flags, *pairs)

        def zadd_lex():
            return X("ZADD", self.pick(self.lex_keys), *[x for _ in range(r.randint(1, 3))
                                                        for x in ("0", self.pick(self.lex_members))])

        def lex_bound():
            return self.pick(self.lex_bounds) if r.random() < 0.97 else r.choice(["a", "", "-a"])

        def limit():
            return r.choice([[], [], ["LIMIT", str(r.randint(-1, 3)), str(r.randint(-1, 4))]])

        def zrange():
            kind = r.choice(["", "", "BYSCORE", "BYLEX"])
            k = lx() if kind == "BYLEX" else zk()
            if kind == "":
                args = ["ZRANGE", k, str(r.randint(-5, 5)), str(r.randint(-5, 8))]
            elif kind == "BYSCORE":
                args = ["ZRANGE", k, score_bound(), score_bound(), "BYSCORE"]
            else:
                args = ["ZRANGE", k, lex_bound(), lex_bound(), "BYLEX"]
            if r.random() < 0.3:
                args.append("REV")
            if kind:
                args += limit()
            elif r.random() < 0.03:
                args += ["LIMIT", "0", "1"]  # LIMIT without BYSCORE/BYLEX is an error
            if kind != "BYLEX" and r.random() < 0.4:
                args.append("WITHSCORES")
            return X(*args)

        def by_score():
            name = r.choice(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"])
            args = [name, zk(), score_bound(), score_bound()]
            if r.random() < 0.4:
                args.append("WITHSCORES")
            return X(*args, *limit())

        def by_lex():
            return X(r.choice(["ZRANGEBYLEX", "ZREVRANGEBYLEX"]), lx(), lex_bound(), lex_bound(), *limit())

        def combine():
            kind = r.choice(["ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"])
            keys = [zk() for _ in range(r.randint(1, 3))]
            args = [kind] + ([zk()] if kind.endswith("STORE") else []) + [str(len(keys))] + keys
            if kind not in ("ZDIFF", "ZDIFFSTORE"):
                if r.random() < 0.3:
                    args += ["WEIGHTS"] + [r.choice(["1", "2", "-1", "0.5", "0", "inf"]) for _ in keys]
                if r.random() < 0.3:
                    args += ["AGGREGATE", r.choice(["SUM", "MIN", "MAX", "sum"])]
            if not kind.endswith("STORE") and r.random() < 0.5:
                args.append("WITHSCORES")
            if r.random() < 0.03:
                args[1 + kind.endswith("STORE")] = r.choice(["0", "-1", "x", str(len(keys) + 2)])
            return X(*args)

        def zrandmember():
            k = zk()
            args = ["ZRANDMEMBER", k] + r.choice([[], [str(r.randint(-8, 8))], [str(r.randint(-8, 8)), "WITHSCORES"]])
            return [X("ZRANGE", k, "0", "-1", "WITHSCORES"), PICK("zmember", *args)]

        def zmpop(blocking=False):
            keys = [zk() for _ in range(r.randint(1, 2))]
            head = ["BZMPOP", "0.01"] if blocking else ["ZMPOP"]
            return X(*head, str(len(keys)), *keys, r.choice(["MIN", "MAX"]),
                     *r.choice([[], ["COUNT", r.choice(["1", "3", "1", "3", "1", "3", "0"])]]))

        return [
            (10, zadd), (2, zadd_lex), (2, lambda: X("ZINCRBY", zk(), r.choice(["1", "-2.5", "inf", "-inf", "x"]), m())),
            (2, lambda: X("ZREM", zk(), m(), *r.choice([[], [m()]]))), (2, lambda: X("ZCARD", zk())),
            (2, lambda: X("ZCOUNT", zk(), score_bound(), score_bound())),
            (1, lambda: X("ZLEXCOUNT", lx(), lex_bound(), lex_bound())),
            (3, lambda: X("ZSCORE", zk(), m())), (1, lambda: X("ZMSCORE", zk(), m(), m())),
            (2, lambda: X(r.choice(["ZRANK", "ZREVRANK"]), zk(), m())),
            (6, zrange), (1, lambda: X("ZRANGESTORE", zk(), zk(), "0", str(r.randint(-1, 5)))),
            (2, by_score), (1, by_lex),
            (1, lambda: X("ZREVRANGE", zk(), str(r.randint(-3, 3)), str(r.randint(-3, 6)),
                          *r.choice([[], ["WITHSCORES"]]))),
            (1, lambda: X("ZREMRANGEBYRANK", zk(), str(r.randint(-3, 2)), str(r.randint(-2, 3)))),
            (1, lambda: X("ZREMRANGEBYSCORE", zk(), score_bound(), score_bound())),
            (1, lambda: X("ZREMRANGEBYLEX", lx(), lex_bound(), lex_bound())),
            (2, lambda: X(r.choice(["ZPOPMIN", "ZPOPMAX"]), zk(), *r.choice([[], ["1"], ["2"], ["0"], ["5"]]))),
            (1, lambda: X(r.choice(["ZPOPMIN", "ZPOPMAX"]), zk(), r.choice(["-1", "x"]))),
            (1, lambda: X(r.choice(["BZPOPMIN", "BZPOPMAX"]), zk(), zk(), "0.01")),
            (1, zmpop), (1, lambda: zmpop(blocking=True)),
            (2, zrandmember), (3, combine),
            (1, lambda: X("ZINTERCARD", "2", zk(), zk(), *r.choice([[], ["LIMIT", "1"], ["LIMIT", "0"], ["LIMIT", "2"]]))),
            (1, lambda: SCAN("ZSCAN", zk(), pairs=True)), (2, lambda: X("OBJECT", "ENCODING", zk())),
        ]

    # ---- transactions --------------------------------------------------------------------

    def _deterministic_step(self, conn=0):
        """An exact-compared single command of an available data type (to queue or interfere)."""
        if "data" not in self._makers:
            makers = [mk for t in sorted(self.available) for mk in self.makers(t)]
            self._makers["data"] = ([g for _, g in makers], [w for w, _ in makers])
        gens, weights = self._makers["data"]
        for _ in range(50):
            s = self.rnd.choices(gens, weights)[0]()
            if isinstance(s, Step) and s.mode == "exact" and not s.name().startswith("B"):
                s.opts["conn"] = conn
                return s
        return X("PING", conn=conn)

    def transactions(self):
        """MULTI/EXEC/DISCARD/WATCH on connection 0, with connection 1 writing meanwhile."""
        r = self.rnd

        def interfere():
            # another client touches keys, often watched ones: EXEC then answers nil
            x = r.random()
            if self.watched and x < 0.5:
                k = r.choice(self.watched)
                if k in self.keys["strings"]:
                    return X("SET", k, self.val(), conn=1)
                return X(*r.choice([["DEL", k], ["EXPIRE", k, "1000"], ["PERSIST", k]]), conn=1)
            if x < 0.6:
                return self._deterministic_step(conn=1)
            if x < 0.8:
                return X("DEL", self.any_key(), conn=1)
            if x < 0.97:
                return X("EXPIRE", self.any_key(), "1000", conn=1)
            return X("FLUSHDB", conn=1)

        def step():
            x = r.random()
            if not self.in_multi:
                if x < 0.3:
                    self.in_multi = True
                    self.queued = r.randint(0, 6)  # how many commands this transaction queues
                    return X("MULTI")
                if x < 0.45:
                    keys = [self.any_key() for _ in range(r.randint(1, 2))]
                    self.watched += keys
                    return X("WATCH", *keys)
                if x < 0.5:
                    self.watched = []
                    return X("UNWATCH")
                if x < 0.65:
                    return interfere()
                if x < 0.68:
                    return X(r.choice(["EXEC", "DISCARD"]))  # without MULTI
                return self._deterministic_step()
            if self.queued <= 0:
                self.in_multi = False
                self.watched = []
                return X("EXEC" if x < 0.9 else "DISCARD")
            if x < 0.02:
                return X("MULTI")  # nested
            if x < 0.04:
                return X("WATCH", self.any_key())  # not allowed inside MULTI
            if x < 0.06:
                self.queued -= 1
                return X(*r.choice([["NOSUCHCOMMAND", "x"], ["GET"]]))  # EXECABORT at EXEC
            if x < 0.2:
                return interfere()
            self.queued -= 1
            return self._deterministic_step()

        return [(1, step)]

    # ---- pub/sub ----------------------------------------------------------------------------

    def _subscribed(self, c):
        return len(self.subs[c]) + len(self.psubs[c])

    def pubsub(self):
        r = self.rnd

        def subscribe(pattern):
            c = r.choice([1, 2])
            pool = self.patterns if pattern else self.channels
            names = [r.choice(pool) for _ in range(r.randint(1, 3))]
            held = self.psubs[c] if pattern else self.subs[c]
            for n in names:
                if n not in held:
                    held.append(n)
            cmd = "PSUBSCRIBE" if pattern else "SUBSCRIBE"
            return GROUP(cmd, *names, replies=len(names), conn=c, expect=(cmd.lower().encode(),))

        def unsubscribe(pattern):
            c = r.choice([1, 2])
            pool = self.patterns if pattern else self.channels
            held = self.psubs[c] if pattern else self.subs[c]
            cmd = "PUNSUBSCRIBE" if pattern else "UNSUBSCRIBE"
            if r.random() < 0.3:
                n = len(held)
                held.clear()
                if n <= 1:
                    return GROUP(cmd, replies=1, conn=c, expect=(cmd.lower().encode(),))
                return UNSUB_ALL(cmd, replies=n, conn=c, expect=(cmd.lower().encode(),))
            names = [r.choice(pool) for _ in range(r.randint(1, 2))]
            for n in names:
                if n in held:
                    held.remove(n)
            return GROUP(cmd, *names, replies=len(names), conn=c, expect=(cmd.lower().encode(),))

        def publish():
            ch = r.choice(self.channels + ["other"])
            steps = [X("PUBLISH", ch, r.choice(["hello", "", "a b", "1"]))]
            for c in (1, 2):
                n = (ch in self.subs[c]) + sum(1 for p in self.psubs[c] if fnmatch.fnmatchcase(ch, p))
                if n:
                    steps.append(RECV(n, c))
            return steps

        def in_context():
            # what a subscriber may run: PING (a special reply in RESP2), others refused in RESP2
            c = r.choice([1, 2])
            return X(*r.choice([["PING"], ["PING", "msg"], ["GET", "k"], ["SET", "k", "v"]]), conn=c)

        return [
            (4, lambda: subscribe(False)), (2, lambda: subscribe(True)),
            (2, lambda: unsubscribe(False)), (1, lambda: unsubscribe(True)),
            (8, publish),
            (2, lambda: U("PUBSUB", "CHANNELS", *r.choice([[], ["news.*"], ["*"], ["c*"]]))),
            (2, lambda: X("PUBSUB", "NUMSUB", *r.sample(self.channels, r.randint(0, 3)))),
            (1, lambda: X("PUBSUB", "NUMPAT")),
            (2, in_context),
        ]

    # ---- runs ------------------------------------------------------------------------------

    def makers(self, family):
        """The weighted makers of a family: [(weight, function returning a step or a list of steps)]."""
        return self.generic() if family == "keys" else getattr(self, family)()

    def setup(self):
        """Foreign keys for WRONGTYPE replies: one string and one hash always exist at the start."""
        return [X("SET", "s5", "plain"), X("HSET", "h3", "f", "v")]

    def steps(self, families, count):
        """About `count` steps drawn from the makers of these families (a maker may add several)."""
        makers = []
        for fam in families:
            makers += self.makers(fam)
            if fam in DATA_TYPES and fam != "strings" and "keys" not in families:
                # a data type's run also renames, expires, deletes its keys now and then
                makers += [(max(1, w // 3), g) for w, g in self.generic()]
        weights = [w for w, _ in makers]
        gens = [g for _, g in makers]
        out = self.setup()
        while len(out) < count:
            s = self.rnd.choices(gens, weights)[0]()
            out.extend(s if isinstance(s, list) else [s])
        if self.in_multi:
            out.append(X("DISCARD"))
            self.in_multi = False
        return out
