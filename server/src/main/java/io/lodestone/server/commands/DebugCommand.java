package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.KeyCommands;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.Connection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEBUG, the subset that tests and tools use: SLEEP, OBJECT, SET-ACTIVE-EXPIRE, POPULATE, ERROR,
 * LOG, HELP. As in Redis 7.0 it runs only where {@code enable-debug-command} allows (default: no),
 * checked before authentication. Other subcommands answer as unknown ones.
 */
public final class DebugCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DebugCommand.class);

    private static final CommandError NOT_ALLOWED = new CommandError("ERR DEBUG command not allowed. If the "
            + "enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you "
            + "need to set this option in the configuration file, and then restart the server.");
    private static final CommandError NO_SUCH_KEY = new CommandError("ERR no such key");
    private static final CommandError NOT_POSITIVE = new CommandError("ERR value is out of range, must be positive");
    /** Redis's LRU clock wraps at 24 bits of seconds. */
    private static final int LRU_MASK = (1 << 24) - 1;

    /** Redis 7.0's DEBUG HELP, word for word (it lists subcommands Lodestone does not have). */
    private static final String[] HELP = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "AOF-FLUSH-SLEEP <microsec>",
        "    Server will sleep before flushing the AOF, this is used for testing.",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "CRASH-AND-RECOVER [<milliseconds>]",
        "    Hard crash and restart after a <milliseconds> delay (default 0).",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LEAK <string>",
        "    Create a memory leak of the input string.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "REPLICATE <string>",
        "    Replicates the provided string to replicas, allowing data divergence.",
        "MALLCTL <key> [<val>]",
        "    Get or set a malloc tuning integer.",
        "MALLCTL-STR <key> [<val>]",
        "    Get or set a malloc tuning string.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "RESTART [<milliseconds>]",
        "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
        "SDSLEN <key>",
        "    Show low level SDS string info representing `key` and value.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "STRUCTSIZE",
        "    Return the size of different Redis core C structures.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "CLUSTERLINK KILL <to|from|all> <node-id>",
        "    Kills the link based on the direction to/from (both) with the provided node.",
        "HELP",
        "    Prints this help.",
    };

    private DebugCommand() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("debug").arity(-2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                .summary("A container for debugging commands").complexity("Depends on subcommand.")
                .gate(DebugCommand::checkAllowed).handler(DebugCommand::debug).build());
    }

    /** enable-debug-command: yes, or local for clients on the loopback interface. */
    static void checkAllowed(CommandContext ctx) {
        if (!(ctx instanceof Connection client)) {
            return; // an internal client
        }
        String setting = client.server().config().enableDebugCommand();
        if (!(setting.equals("yes") || setting.equals("local") && client.isLocal())) {
            throw NOT_ALLOWED;
        }
    }

    private static final CommandError RELOAD_OPTIONS =
            new CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] */
    private static void reload(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean flush = true;
        boolean save = true;
        boolean merge = false;
        for (int i = 2; i < argv.length; i++) {
            if (Bytes.is(argv[i], "merge")) {
                merge = true;
            } else if (Bytes.is(argv[i], "noflush")) {
                flush = false;
            } else if (Bytes.is(argv[i], "nosave")) {
                save = false;
            } else {
                throw RELOAD_OPTIONS;
            }
        }
        String error = ctx.engine().rdb().reload(save, flush, merge);
        if (error != null) {
            throw new CommandError(error);
        }
        out.ok();
    }

    /** DEBUG subcommand [args...]: subcommands are parsed here, as Redis's debugCommand does. */
    static void debug(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        byte[] sub = argv[1];
        int argc = argv.length;
        if (Bytes.is(sub, "help") && argc == 2) {
            out.arrayHeader(HELP.length);
            for (String line : HELP) {
                out.simple(line);
            }
        } else if (Bytes.is(sub, "reload")) {
            reload(ctx, argv, out);
        } else if (Bytes.is(sub, "sleep") && argc == 3) {
            sleep(argv[2]);
            out.ok();
        } else if (Bytes.is(sub, "object") && argc == 3) {
            object(ctx, argv[2], out);
        } else if (Bytes.is(sub, "set-active-expire") && argc == 3) {
            ctx.engine().config().setActiveExpire(atoi(argv[2]) != 0);
            out.ok();
        } else if (Bytes.is(sub, "populate") && argc >= 3 && argc <= 5) {
            populate(ctx, argv);
            out.ok();
        } else if (Bytes.is(sub, "error") && argc == 3) {
            throw new CommandError(new String(argv[2], StandardCharsets.ISO_8859_1));
        } else if (Bytes.is(sub, "log") && argc == 3) {
            LOG.warn("DEBUG LOG: {}", Bytes.string(argv[2]));
            out.ok();
        } else {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Bytes.string(sub)
                    + "'. Try DEBUG HELP.");
        }
    }

    /**
     * DEBUG SLEEP seconds: stops the whole server (it holds the engine lock) for that long, as
     * Redis does. Decimals allowed; like strtod, whatever does not parse counts as 0.
     */
    private static void sleep(byte[] arg) {
        double seconds = leadingDouble(Bytes.string(arg).trim());
        if (!Double.isFinite(seconds)) {
            return;
        }
        long micros = (long) (seconds * 1_000_000);
        if (micros <= 0) {
            return;
        }
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * DEBUG OBJECT key: "Value at:... refcount:... encoding:... serializedlength:... lru:...
     * lru_seconds_idle:...". The address is an identity hash, the serialized length an estimate
     * of its RDB form (exact for strings that RDB does not compress).
     */
    private static void object(CommandContext ctx, byte[] key, ReplyWriter out) {
        Database db = ctx.db();
        Object value = db.getNoTouch(key);
        if (value == null) {
            throw NO_SUCH_KEY;
        }
        long idle = db.idleSeconds(key);
        long lru = ((ctx.now() / 1000) - idle) & LRU_MASK;
        out.simple("Value at:0x7f" + Long.toHexString(0x100000000L + System.identityHashCode(value)).substring(1)
                + " refcount:" + (KeyCommands.isSharedInteger(value) ? Integer.MAX_VALUE : 1)
                + " encoding:" + KeyCommands.encodingName(value, db.valueFlags(key))
                + " serializedlength:" + serializedLength(value)
                + " lru:" + lru + " lru_seconds_idle:" + idle);
    }

    /**
     * DEBUG POPULATE count [prefix] [size]: creates string keys prefix:0 .. prefix:count-1 with
     * values "value:N" (cut or zero-padded to size when given), skipping names that exist. Like
     * Redis, not propagated.
     */
    private static void populate(CommandContext ctx, byte[][] argv) {
        long count = positive(argv[2]);
        String prefix = argv.length >= 4 ? Bytes.string(argv[3]) : "key";
        long size = argv.length == 5 ? positive(argv[4]) : 0;
        Database db = ctx.db();
        for (long i = 0; i < count; i++) {
            byte[] key = (prefix + ":" + i).getBytes(StandardCharsets.UTF_8);
            if (db.exists(key)) {
                continue;
            }
            byte[] value = ("value:" + i).getBytes(StandardCharsets.US_ASCII);
            if (size > 0) {
                value = Arrays.copyOf(value, (int) Math.min(size, Integer.MAX_VALUE - 8));
            }
            db.set(key, value);
        }
    }

    private static long positive(byte[] arg) {
        long v = Bytes.parseLong(arg, NOT_POSITIVE);
        if (v < 0) {
            throw NOT_POSITIVE;
        }
        return v;
    }

    // ---- estimates and C-style parsing ----------------------------------------------------------

    /** Bytes of the value in an RDB file, without LZF compression. */
    static long serializedLength(Object value) {
        if (value instanceof byte[] s) {
            return stringLength(s, 0, s.length);
        }
        long total = 0;
        if (value instanceof HashValue h) {
            total = lengthPrefix(h.size());
            for (int p = h.first(); p >= 0; p = h.next(p)) {
                total += stringLength(h.fieldArray(p), h.fieldOffset(p), h.fieldLength(p));
                total += stringLength(h.valueArray(p), h.valueOffset(p), h.valueLength(p));
            }
        } else if (value instanceof SetValue set) {
            total = lengthPrefix(set.size());
            for (int p = set.first(); p >= 0; p = set.next(p)) {
                byte[] m = set.member(p);
                total += stringLength(m, 0, m.length);
            }
        }
        return total;
    }

    /** A string as RDB writes it: small integers as 1, 2 or 4 bytes after a tag, others length-prefixed. */
    private static long stringLength(byte[] b, int offset, int length) {
        if (length <= 11) {
            byte[] s = offset == 0 && length == b.length ? b : Arrays.copyOfRange(b, offset, offset + length);
            if (Bytes.isLong(s)) {
                long v = Bytes.parseLong(s);
                if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    return 2;
                }
                if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    return 3;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return 5;
                }
            }
        }
        return lengthPrefix(length) + length;
    }

    private static long lengthPrefix(long length) {
        return length < 64 ? 1 : length < 16384 ? 2 : length <= 0xFFFFFFFFL ? 5 : 9;
    }

    /** C's atoi: an optional sign and leading digits, 0 if none. */
    static long atoi(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || s[i] == '\t')) {
            i++;
        }
        boolean negative = i < s.length && s[i] == '-';
        if (i < s.length && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        long v = 0;
        for (; i < s.length && s[i] >= '0' && s[i] <= '9' && v < Integer.MAX_VALUE; i++) {
            v = v * 10 + (s[i] - '0');
        }
        return negative ? -v : v;
    }

    /** C's strtod on the longest prefix that is a number; 0 if there is none. */
    static double leadingDouble(String s) {
        for (int end = s.length(); end > 0; end--) {
            try {
                return Double.parseDouble(s.substring(0, end));
            } catch (NumberFormatException e) {
                // shorter prefix
            }
        }
        return 0;
    }
}
