#!/usr/bin/env python3
"""Regenerates the RDB fixtures in this directory with Debian's redis-server 7.0.

Each fixture is written by the real server (SAVE or DUMP), so the loader tests read bytes that
Redis produced. Run from anywhere: python3 generate-fixtures.py. Needs redis-server on the PATH.
The data is deterministic; RdbFixturesTest states what each file must contain.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FAR_FUTURE_MS = 4102444800000  # 2100-01-01T00:00:00Z


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Redis:
    def __init__(self, workdir, *args):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", workdir, *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port))
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""

    def _recv(self):
        data = self.sock.recv(65536)
        if not data:
            raise OSError("connection closed")
        self.buf += data

    def _line(self):
        while b"\r\n" not in self.buf:
            self._recv()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self._recv()
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise RuntimeError("unexpected reply " + repr(line))

    def __call__(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            if isinstance(a, int):
                a = str(a)
            if isinstance(a, str):
                a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self._read()

    def stop(self):
        try:
            self("SHUTDOWN", "NOSAVE")
        except (RuntimeError, OSError):
            pass
        self.proc.wait(timeout=10)


def pseudo_random(n, seed):
    """Deterministic incompressible bytes (a 32-bit LCG), the same as RdbFixturesTest computes."""
    out = bytearray()
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


def strings(r):
    for v in ["0", "-1", "127", "128", "-129", "32767", "-32768", "65535", "2147483647", "-2147483648",
              "2147483648", "12345678901", "-9223372036854775808", "9223372036854775807", "007", "+1", " 1", "1.5"]:
        r("SET", "int:" + v, v)
    r("SET", "empty", "")
    r("SET", "short", "hello")
    r("SET", "lzf:a100", "a" * 100)
    r("SET", "lzf:pattern", "0123456789abcdef" * 40)
    r("SET", "lzf:long", ("lodestone-" * 2000)[:20000])
    r("SET", "random:100", pseudo_random(100, 7))
    r("SET", "random:5000", pseudo_random(5000, 11))
    r("SET", b"bin:\x00\xff\r\n", b"\x00\x01\x02\xfe\xff")
    r("SET", "exp:far", "v", "PXAT", FAR_FUTURE_MS)
    r("SET", "exp:far2", "a" * 50, "PXAT", FAR_FUTURE_MS + 1234)


def hashes(r):
    r("HSET", "h:small", "f1", "v1", "f2", "2", "f3", "-3", "f4", "70000", "f5", "-5000000000",
      "f6", "9223372036854775807", "f7", "", "n:1", "x" * 63, "12", "13")
    r("HSET", "h:longvalue", "f", "y" * 65)  # longer than hash-max-listpack-value: hashtable
    args = ["HSET", "h:big"]
    for i in range(600):  # more than hash-max-listpack-entries: hashtable
        args += ["field:%d" % i, "value:%d" % i if i % 3 else str(i * 1000)]
    r(*args)
    r("HSET", "h:exp", "a", "1", "b", "2")
    r("PEXPIREAT", "h:exp", FAR_FUTURE_MS)
    r("HSET", "h:compressible", "f", "z" * 60, "g", "z" * 60)


def collections(r):
    """The same data as RedisInteropTest.addCollections builds."""
    r("RPUSH", "l:small", "a", "1", "-1", "200", "x" * 100, "70000", "5000000000", "", "-9223372036854775808")
    r("PEXPIREAT", "l:small", FAR_FUTURE_MS + 7)
    args = ["RPUSH", "l:big"]
    for i in range(5000):  # several quicklist nodes
        args.append(str(i * 7) if i % 3 == 0 else "element-%d" % i)
    r(*args)
    r("RPUSH", "l:big", pseudo_random(20000, 13))  # larger than a node: a node of its own
    r("LPUSH", "l:big", "head")
    r("SADD", "set:int", "1", "-2", "300", "32767", "70000", "-70000")
    r("SADD", "set:int64", "1", "5000000000", "-9223372036854775808", "9223372036854775807")
    r("PEXPIREAT", "set:int64", FAR_FUTURE_MS + 9)
    r("SADD", "set:strings", "a", "b", "12", "x" * 100)
    r("SADD", "set:manyints", *[str(i * 3) for i in range(1000)])  # more than set-max-intset-entries
    r("ZADD", "z:small", "1", "a", "2.5", "b", "-3", "c", "100", "12", "3.1415926535897931", "pi",
      "1e-300", "tiny", "1e300", "big", "inf", "top", "-inf", "bottom", "4503599627370496", "i52",
      "-123456789012", "neg", "0", "")
    args = ["ZADD", "z:big"]
    for i in range(400):  # more than zset-max-listpack-entries
        args += [str(i) if i % 5 == 0 else repr(i * 0.1 - 7), "member:%d" % i]
    r(*args)
    r("ZADD", "z:big", "-0", "negzero", "inf", "inf")
    r("PEXPIREAT", "z:big", FAR_FUTURE_MS + 11)
    r("ZADD", "z:wide", "1", "w" * 65, "2", "x")  # a member longer than zset-max-listpack-value


def multidb(r):
    for db in (0, 1, 5, 15):
        r("SELECT", db)
        r("SET", "db", str(db))
        r("SET", "name:%d" % db, "database-%d" % db)
        r("HSET", "hash:%d" % db, "db", str(db))
    r("SELECT", 0)


def save(r, workdir, name):
    r("SAVE")
    shutil.copy(os.path.join(workdir, "dump.rdb"), os.path.join(HERE, name))


def dump(r, key, name):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(r("DUMP", key))


def main():
    with tempfile.TemporaryDirectory() as workdir:
        r = Redis(workdir)
        try:
            strings(r)
            save(r, workdir, "strings.rdb")
            r("FLUSHALL")
            hashes(r)
            save(r, workdir, "hashes.rdb")
            r("FLUSHALL")
            collections(r)
            save(r, workdir, "collections.rdb")
            dump(r, "l:big", "dump-list-big.bin")
            dump(r, "set:strings", "dump-set-table.bin")
            dump(r, "z:big", "dump-zset-skiplist.bin")
            r("FLUSHALL")
            multidb(r)
            save(r, workdir, "multidb.rdb")
            r("FLUSHALL")
            strings(r)
            hashes(r)
            r("CONFIG", "SET", "rdbcompression", "no")
            save(r, workdir, "uncompressed.rdb")
            r("CONFIG", "SET", "rdbcompression", "yes")
            r("FLUSHALL")
            save(r, workdir, "empty.rdb")
            # DUMP payloads: values of our types, and compact encodings of the types still to come
            r("SET", "s", "hello")
            r("SET", "n", "12345")
            r("SET", "a100", "a" * 100)
            r("HSET", "h", "f1", "v1", "f2", "2")
            dump(r, "s", "dump-string.bin")
            dump(r, "n", "dump-int.bin")
            dump(r, "a100", "dump-lzf.bin")
            dump(r, "h", "dump-hash-listpack.bin")
            args = ["HSET", "hbig"]
            for i in range(600):
                args += ["f%d" % i, "v%d" % i]
            r(*args)
            dump(r, "hbig", "dump-hash-table.bin")
            r("SADD", "intset16", "1", "-2", "300", "32767")
            r("SADD", "intset32", "1", "70000", "-70000")
            r("SADD", "intset64", "1", "5000000000", "-9223372036854775808")
            r("ZADD", "zset", "1", "a", "2.5", "b", "-3", "c", "100", "12")
            r("RPUSH", "list", "a", "1", "-1", "200", "x" * 100, "70000", "5000000000")
            dump(r, "intset16", "dump-intset16.bin")
            dump(r, "intset32", "dump-intset32.bin")
            dump(r, "intset64", "dump-intset64.bin")
            dump(r, "zset", "dump-zset-listpack.bin")
            dump(r, "list", "dump-list-quicklist2.bin")
        finally:
            r.stop()
        r = Redis(workdir, "--rdbchecksum", "no")  # immutable: a server of its own
        try:
            strings(r)
            save(r, workdir, "nochecksum.rdb")
        finally:
            r.stop()


if __name__ == "__main__":
    main()
