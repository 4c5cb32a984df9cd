package io.lodestone.engine.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server, started on a free loopback port for interoperability tests, with a
 * minimal RESP client. Tests skip (JUnit assumptions) where redis-server is not installed.
 * Every wait is bounded; {@link #close()} stops the process.
 */
public final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** True if {@code redis-server} (and redis-check-rdb) can be run. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) && Files.isExecutable(Path.of("/usr/bin/redis-check-rdb"));
    }

    /** Starts redis-server with {@code dir} as its directory and the given extra arguments. */
    public static RedisProcess start(Path dir, String... args) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisProcess r = new RedisProcess(p, port);
        r.connect();
        return r;
    }

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    private void connect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(30_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream());
                // a server still loading answers -LOADING: wait for a real PONG
                if ("PONG".equals(string(call("PING")))) {
                    return;
                }
                socket.close();
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + port, e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not become ready on port " + port);
            }
            Thread.sleep(50);
        }
    }

    public int port() {
        return port;
    }

    /** Sends a command; returns byte[] (bulk or status), Long, List, null, or a String starting with "-" for errors. */
    public Object call(Object... args) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(b);
            req.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(req.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line.getBytes(StandardCharsets.ISO_8859_1);
            case '-':
                return "-" + line;
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type " + type);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    public static String string(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
    }

    /** What a Redis server holds, in {@link KeyspaceContents}'s format. */
    public Map<String, String> contents() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            call("SELECT", db);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) call("KEYS", "*");
            for (Object k : keys) {
                byte[] key = (byte[]) k;
                String type = string(call("TYPE", key));
                String value;
                if (type.equals("string")) {
                    value = "string:" + string(call("GET", key));
                } else if (type.equals("hash")) {
                    @SuppressWarnings("unchecked")
                    List<Object> all = (List<Object>) call("HGETALL", key);
                    Map<String, String> fields = new TreeMap<>();
                    for (int i = 0; i < all.size(); i += 2) {
                        fields.put(string(all.get(i)), string(all.get(i + 1)));
                    }
                    value = "hash:" + fields;
                } else if (type.equals("list")) {
                    value = "list:" + strings(call("LRANGE", key, "0", "-1"));
                } else if (type.equals("set")) {
                    value = "set:" + new java.util.TreeSet<>(strings(call("SMEMBERS", key)));
                } else if (type.equals("zset")) {
                    List<String> all = strings(call("ZRANGE", key, "0", "-1", "WITHSCORES"));
                    List<String> entries = new java.util.ArrayList<>();
                    for (int i = 0; i < all.size(); i += 2) {
                        entries.add(all.get(i) + "=" + all.get(i + 1));
                    }
                    value = "zset:" + entries;
                } else {
                    value = type;
                }
                long expire = (Long) call("PEXPIRETIME", key);
                out.put(db + "/" + KeyspaceContents.text(key), expire > 0 ? value + " @" + expire : value);
            }
        }
        call("SELECT", 0);
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Object reply) {
        List<String> out = new java.util.ArrayList<>();
        for (Object o : (List<Object>) reply) {
            out.add(string(o));
        }
        return out;
    }

    /** Runs redis-check-aof on an AOF manifest; returns its output, or throws if it did not accept the AOF. */
    public static String checkAof(Path manifest) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-check-aof", manifest.toString()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-check-aof did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || !text.contains("All AOF files and manifest are valid")) {
            throw new AssertionError("redis-check-aof rejected " + manifest + ":\n" + text);
        }
        return text;
    }

    /** Runs redis-check-rdb on a file; returns its output, or throws if it did not accept the file. */
    public static String checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-check-rdb did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || !text.contains("RDB looks OK")) {
            throw new AssertionError("redis-check-rdb rejected " + file + ":\n" + text);
        }
        return text;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (socket != null) {
                try {
                    call("SHUTDOWN", "NOSAVE");
                } catch (IOException expected) {
                    // the server closes the connection
                }
                socket.close();
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
