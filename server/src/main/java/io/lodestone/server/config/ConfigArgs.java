package io.lodestone.server.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument syntax of a redis.conf line, as Redis's sdssplitargs reads it, and its inverse for
 * writing values back (CONFIG REWRITE, command-line overrides).
 *
 * <ul>
 *   <li>arguments are separated by blanks;
 *   <li>{@code "double quotes"} understand {@code \n \r \t \b \a \xHH} and escape any other
 *       character with a backslash;
 *   <li>{@code 'single quotes'} are literal except {@code \'};
 *   <li>a closing quote must be followed by a blank or the end of the line.
 * </ul>
 */
public final class ConfigArgs {
    private ConfigArgs() {}

    /** The line's arguments, or null when its quotes are unbalanced. */
    public static List<String> split(String line) {
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int i = 0;
        int n = in.length;
        while (true) {
            while (i < n && isBlank(in[i])) {
                i++;
            }
            if (i == n) {
                return args;
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            current.reset();
            while (!done) {
                if (inDouble) {
                    if (i == n) {
                        return null; // unterminated quotes
                    }
                    byte c = in[i];
                    if (c == '\\' && i + 3 < n && in[i + 1] == 'x' && isHex(in[i + 2]) && isHex(in[i + 3])) {
                        current.write(hex(in[i + 2]) * 16 + hex(in[i + 3]));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        current.write(unescape(in[i]));
                    } else if (c == '"') {
                        if (i + 1 < n && !isBlank(in[i + 1])) {
                            return null; // closing quote must be followed by a blank
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (i == n) {
                        return null;
                    }
                    byte c = in[i];
                    if (c == '\\' && i + 1 < n && in[i + 1] == '\'') {
                        i++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !isBlank(in[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (i == n) {
                        break;
                    }
                    byte c = in[i];
                    if (isBlank(c) || c == 0) {
                        done = true;
                    } else if (c == '"') {
                        inDouble = true;
                    } else if (c == '\'') {
                        inSingle = true;
                    } else {
                        current.write(c);
                    }
                }
                if (i < n) {
                    i++;
                }
            }
            args.add(current.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * The value in double quotes with everything unprintable escaped, as Redis's sdscatrepr
     * writes it; {@link #split} reads it back unchanged.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02x", b & 0xff));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** What C's isspace accepts. */
    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c & 0xff;
        };
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}
