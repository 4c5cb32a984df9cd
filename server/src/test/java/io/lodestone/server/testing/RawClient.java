package io.lodestone.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare socket speaking RESP by hand, for tests that need exact bytes: send anything, read one
 * reply at a time as its raw text, and check that the server closed the connection. Every read
 * is bounded (5 s unless told otherwise). Text is ISO-8859-1: one char per byte, both ways.
 */
public final class RawClient implements AutoCloseable {
    private static final int DEFAULT_TIMEOUT_MS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(String host, int port) {
        try {
            Socket socket = new Socket(host, port);
            socket.setSoTimeout(DEFAULT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the text as is (ISO-8859-1), in one write. */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request as a RESP array of bulk strings. */
    public RawClient command(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        return send(sb.toString());
    }

    /** Sends a command and returns its reply. */
    public String call(String... args) {
        return command(args).readReply();
    }

    /**
     * Reads one complete reply (nested aggregates included) and returns its raw RESP text, e.g.
     * {@code "+OK\r\n"} or {@code "*1\r\n$1\r\na\r\n"}. Fails on EOF or after the read timeout.
     */
    public String readReply() {
        try {
            StringBuilder sb = new StringBuilder();
            readValue(sb);
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readValue(StringBuilder sb) throws IOException {
        String line = readLine();
        sb.append(line).append("\r\n");
        char type = line.charAt(0);
        switch (type) {
            case '$', '=', '!' -> {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0) {
                    byte[] body = in.readNBytes(len + 2);
                    if (body.length < len + 2) {
                        throw new EOFException("connection closed inside a bulk reply");
                    }
                    sb.append(new String(body, StandardCharsets.ISO_8859_1));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    readValue(sb);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    readValue(sb);
                }
            }
            default -> { } // + - : _ , # ( are one line
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed; read so far: " + sb);
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("expected LF after CR, got " + lf);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /**
     * Waits until the server closes the connection and returns whatever arrived before the close
     * (a reset counts as a close). Fails if the connection is still open after {@code within}.
     */
    public String readUntilClosed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new AssertionError("connection still open after " + within + "; received: "
                            + rest.toString(StandardCharsets.ISO_8859_1));
                }
                socket.setSoTimeout((int) Math.max(1, leftMs));
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException e) {
                    continue; // the deadline check above fails the wait
                } catch (SocketException e) {
                    return rest.toString(StandardCharsets.ISO_8859_1); // reset by the server: closed
                }
                if (n < 0) {
                    return rest.toString(StandardCharsets.ISO_8859_1);
                }
                rest.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(DEFAULT_TIMEOUT_MS);
            } catch (SocketException ignored) {
                // closed already
            }
        }
    }

    /** Asserts that nothing arrives and the connection stays open for {@code duration}. */
    public void assertSilentFor(Duration duration) {
        try {
            socket.setSoTimeout((int) duration.toMillis());
            int b = in.read();
            throw new AssertionError(b < 0 ? "connection was closed" : "unexpected byte " + b);
        } catch (SocketTimeoutException expected) {
            // nothing came: good
        } catch (IOException e) {
            throw new AssertionError("connection failed: " + e, e);
        } finally {
            try {
                socket.setSoTimeout(DEFAULT_TIMEOUT_MS);
            } catch (SocketException ignored) {
                // closed
            }
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
}
