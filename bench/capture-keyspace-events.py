#!/usr/bin/env python3
"""Captures the keyspace events redis-server 7.0 emits for each command of
engine/src/test/resources/keyspace-events/commands.txt into the golden file that NotificationsTest
replays on the engine (redis-7.0-events.txt next to it). Needs redis-server; starts its own on a
free loopback port and stops it. The golden file is committed: tests do not need Redis.

Format of the output: each command as "> args", followed by the events it produced, one
"    channel message" line each (from a PSUBSCRIBE __key* connection, notify-keyspace-events AKEnm).
"sleep S" lines are kept: the test advances its fake clock by as much.
"""
import os, shlex, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, '..', 'engine', 'src', 'test', 'resources', 'keyspace-events')


def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port)); self.buf = b''; self.sock.settimeout(5)

    def send(self, args):
        self.sock.sendall(b'*%d\r\n' % len(args) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in args))

    def _fill(self):
        d = self.sock.recv(65536)
        if not d:
            raise EOFError('closed')
        self.buf += d

    def _line(self):
        while b'\r\n' not in self.buf:
            self._fill()
        i = self.buf.index(b'\r\n'); l = self.buf[:i]; self.buf = self.buf[i + 2:]; return l

    def read(self):
        l = self._line(); t = chr(l[0])
        if t == '$':
            n = int(l[1:])
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self._fill()
            r = self.buf[:n]; self.buf = self.buf[n + 2:]; return r.decode('latin1')
        if t in '*>':
            n = int(l[1:]); return None if n < 0 else [self.read() for _ in range(n)]
        return l.decode('latin1')


def main():
    port = free_port()
    work = tempfile.mkdtemp()
    server = subprocess.Popen(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '',
                               '--appendonly', 'no', '--dir', work], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                cmd = Conn(port); break
            except OSError:
                time.sleep(0.05)
        sub = Conn(port)
        cmd.send([b'CONFIG', b'SET', b'notify-keyspace-events', b'AKEnm']); cmd.read()
        sub.send([b'PSUBSCRIBE', b'__key*']); sub.read()
        out = []
        with open(os.path.join(DIR, 'commands.txt')) as f:
            for raw in f:
                raw = raw.strip()
                if not raw or raw.startswith('#'):
                    continue
                if raw.startswith('sleep '):
                    out.append(raw); time.sleep(float(raw[6:])); continue
                cmd.send([a.encode('latin1') for a in shlex.split(raw)]); cmd.read()
                out.append('> ' + raw)
                # a marker message ends the events of this command
                cmd.send([b'PUBLISH', b'__keymarker', b'end']); cmd.read()
                while True:
                    m = sub.read()
                    if m[2] == '__keymarker':
                        break
                    out.append('    %s %s' % (m[2], m[3]))
        with open(os.path.join(DIR, 'redis-7.0-events.txt'), 'w') as f:
            f.write('# Keyspace events of redis-server 7.0 for commands.txt; written by bench/capture-keyspace-events.py.\n')
            f.write('\n'.join(out) + '\n')
    finally:
        server.terminate(); server.wait(10)


if __name__ == '__main__':
    sys.exit(main())
