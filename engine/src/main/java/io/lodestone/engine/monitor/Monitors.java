package io.lodestone.engine.monitor;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.time.Clock;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients in MONITOR mode, and the feed they receive: every command executed, once, as Redis's
 * replicationFeedMonitors formats it, e.g. {@code +1700000000.123456 [0 127.0.0.1:5555] "set" "k" "v"}
 * (the database after the command, the arguments as sent and escaped, passwords redacted).
 * Commands flagged admin or skip-monitor are not shown. Under the engine lock.
 */
public final class Monitors {
    private static final byte[] REDACTED = Bytes.ascii("(redacted)");

    private final List<CommandContext> monitors = new ArrayList<>();
    private final Clock clock;

    public Monitors(Clock clock) {
        this.clock = clock;
    }

    public boolean isEmpty() {
        return monitors.isEmpty();
    }

    public int size() {
        return monitors.size();
    }

    public void add(CommandContext ctx) {
        monitors.add(ctx);
    }

    public void remove(CommandContext ctx) {
        monitors.remove(ctx);
    }

    /** Whether this executed command is shown: not admin or skip-monitor commands, nor re-runs of blocked ones. */
    public static boolean shows(CommandSpec spec) {
        return !spec.has(io.lodestone.engine.command.CommandFlag.ADMIN)
                && !spec.has(io.lodestone.engine.command.CommandFlag.SKIP_MONITOR);
    }

    /** Sends one executed command to every monitor. */
    public void feed(CommandContext client, CommandSpec spec, byte[][] argv) {
        String line = format(clock, client, spec, argv);
        for (int i = 0; i < monitors.size(); i++) {
            CommandContext monitor = monitors.get(i);
            ReplyWriter out = monitor.openAsync();
            out.simple(line);
            monitor.closeAsync();
        }
    }

    /** The monitor line without its leading '+'. */
    static String format(Clock clock, CommandContext client, CommandSpec spec, byte[][] argv) {
        long millis = clock.millis();
        long micros = (clock.nanos() / 1000) % 1000; // sub-millisecond digits, as ustime shows them
        StringBuilder sb = new StringBuilder(32 + argv.length * 8);
        sb.append(millis / 1000).append('.');
        appendPadded(sb, (millis % 1000) * 1000 + micros);
        sb.append(" [").append(client.dbIndex()).append(' ').append(client.address()).append(']');
        boolean[] redacted = redactedArguments(spec, argv);
        for (int i = 0; i < argv.length; i++) {
            sb.append(' ');
            appendRepr(sb, redacted != null && redacted[i] ? REDACTED : argv[i]);
        }
        return sb.toString();
    }

    private static void appendPadded(StringBuilder sb, long micros) {
        String digits = Long.toString(micros);
        sb.append("000000", 0, 6 - digits.length()).append(digits);
    }

    /** AUTH's password (and user), HELLO's AUTH user and password: never shown (Redis 7.0). */
    private static boolean[] redactedArguments(CommandSpec spec, byte[][] argv) {
        String name = spec.fullName();
        if (name.equals("auth")) {
            boolean[] r = new boolean[argv.length];
            for (int i = 1; i < argv.length; i++) {
                r[i] = true;
            }
            return r;
        }
        if (name.equals("hello")) {
            boolean[] r = null;
            for (int i = 2; i < argv.length; i++) {
                if (Bytes.is(argv[i], "auth") && i + 2 < argv.length) {
                    r = r == null ? new boolean[argv.length] : r;
                    r[i + 1] = true;
                    r[i + 2] = true;
                    i += 2;
                }
            }
            return r;
        }
        return null;
    }

    /** Redis's sdscatrepr: quoted, with \\ \" \n \r \t \a \b escaped and other unprintables as \xHH. */
    static void appendRepr(StringBuilder sb, byte[] arg) {
        sb.append('"');
        for (byte b : arg) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> sb.append('\\').append((char) c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                }
            }
        }
        sb.append('"');
    }
}
