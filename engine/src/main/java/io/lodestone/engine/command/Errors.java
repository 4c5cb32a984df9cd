package io.lodestone.engine.command;

import java.nio.charset.StandardCharsets;

/** Redis 7.0's error replies, word for word. */
public final class Errors {
    public static final CommandError SYNTAX = new CommandError("ERR syntax error");
    public static final CommandError WRONGTYPE =
            new CommandError("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final CommandError NOT_INTEGER = new CommandError("ERR value is not an integer or out of range");
    public static final CommandError NOT_FLOAT = new CommandError("ERR value is not a valid float");
    public static final CommandError OVERFLOW = new CommandError("ERR increment or decrement would overflow");
    public static final CommandError NO_SUCH_KEY = new CommandError("ERR no such key");
    public static final CommandError DB_INDEX = new CommandError("ERR DB index is out of range");
    public static final CommandError NOAUTH = new CommandError("NOAUTH Authentication required.");
    public static final CommandError WRONGPASS =
            new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
    public static final CommandError STRING_TOO_LONG =
            new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    public static final CommandError MISCONF = new CommandError("MISCONF Redis is configured to save RDB snapshots,"
            + " but it's currently unable to persist to disk. Commands that may modify the data set are disabled,"
            + " because this instance is configured to report errors during writes if RDB snapshotting fails"
            + " (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.");
    public static final CommandError LOADING = new CommandError("LOADING Redis is loading the dataset in memory");
    public static final CommandError NAN_OR_INFINITY =
            new CommandError("ERR increment would produce NaN or Infinity");
    /** A random-element count (HRANDFIELD, SRANDMEMBER) outside -LONG_MAX..LONG_MAX. */
    public static final CommandError COUNT_OUT_OF_RANGE = new CommandError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    public static final CommandError VALUE_OUT_OF_RANGE = new CommandError("ERR value is out of range");
    /** A DENYOOM command while memory is over maxmemory and nothing can be evicted. */
    public static final CommandError OOM = new CommandError("OOM command not allowed when used memory > 'maxmemory'.");

    private Errors() {}

    /** {@code ERR wrong number of arguments for 'get' command}. */
    public static CommandError arity(String fullName) {
        return new CommandError("ERR wrong number of arguments for '" + fullName + "' command");
    }

    /** {@code ERR invalid expire time in 'set' command}. */
    public static CommandError invalidExpire(String command) {
        return new CommandError("ERR invalid expire time in '" + command + "' command");
    }

    /** Redis's reply to an unknown command: its name and the first arguments, each quoted. */
    public static CommandError unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String arg = ascii(argv[i]);
            int room = 128 - args.length(); // Redis's "'%.*s' " with 128 - sdslen(args) as precision
            args.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        String name = ascii(argv[0]);
        return new CommandError("ERR unknown command '" + name.substring(0, Math.min(name.length(), 128))
                + "', with args beginning with: " + args);
    }

    /** {@code ERR unknown subcommand 'x'. Try CONFIG HELP.} */
    public static CommandError unknownSubcommand(byte[] sub, String container) {
        String name = ascii(sub);
        return new CommandError("ERR unknown subcommand '" + name.substring(0, Math.min(name.length(), 128))
                + "'. Try " + container.toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
