package io.lodestone.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal blocking RESP2/RESP3 client for tests (and the golden capture tool), JDK only. Replies
 * are parsed to Java values: simple, bulk and verbatim strings to String, integers to Long,
 * doubles to Double, booleans to Boolean, nulls to null, arrays, sets and pushes to List, maps to
 * LinkedHashMap, errors to {@link Err}. The raw bytes of the last reply are kept, so tests can
 * check the RESP types themselves.
 */
public final class RespClient implements AutoCloseable {
    /** An error reply. */
    public record Err(String message) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    public RespClient(int port) {
        this(port, 2);
    }

    /** Connects to localhost; with protocol 3 the connection first switches with HELLO 3. */
    public RespClient(int port, int protocol) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000); // every wait is bounded
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (protocol == 3) {
            Object hello = call("HELLO", "3");
            if (hello instanceof Err err) {
                throw new IllegalStateException(err.message());
            }
        }
    }

    /** Sends one command and returns its parsed reply. */
    public Object call(String... args) {
        send(args);
        return read();
    }

    /** Sends a command without reading its reply (pipelining, or commands that get none). */
    public void send(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        writeAscii(buf, "*" + args.length + "\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            writeAscii(buf, "$" + b.length + "\r\n");
            buf.writeBytes(b);
            writeAscii(buf, "\r\n");
        }
        try {
            out.write(buf.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply. */
    public Object read() {
        raw.reset();
        try {
            return parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last reply as it came on the wire (CRLFs included). */
    public String lastRaw() {
        return raw.toString(StandardCharsets.UTF_8);
    }

    /** True once the server has closed the connection (reads EOF within the socket timeout). */
    public boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private Object parse() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by the server");
        }
        raw.write(type);
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Err(line);
            case ':':
                return Long.parseLong(line);
            case ',':
                return Double.parseDouble(line.replace("inf", "Infinity"));
            case '#':
                return line.equals("t");
            case '_':
                return null;
            case '$':
            case '=': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(n + 2);
                raw.writeBytes(body);
                String text = new String(body, 0, n, StandardCharsets.UTF_8);
                return type == '=' ? text.substring(4) : text; // verbatim: drop "txt:"
            }
            case '*':
            case '~':
            case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(parse());
                }
                return items;
            }
            case '%': {
                int n = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = parse();
                    map.put(key, parse());
                }
                return map;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-reply");
            }
            raw.write(b);
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            prev = b;
        }
    }

    private static void writeAscii(ByteArrayOutputStream buf, String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
