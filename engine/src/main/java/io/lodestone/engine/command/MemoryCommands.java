package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.memory.ProcessMemory;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/**
 * MEMORY (Redis's object.c memoryCommand): the memory estimate of one key, of the whole server,
 * and a doctor. Sizes are the engine's estimate of Java heap bytes (see {@link MemoryManager}),
 * exact for every value: SAMPLES is accepted and checked but nothing needs sampling.
 */
public final class MemoryCommands {
    /** Below this Redis's doctor declines to diagnose anything. */
    private static final long DOCTOR_MIN_BYTES = 5L * 1024 * 1024;
    private static final double DOCTOR_PEAK_RATIO = 1.5;

    private static final String[] HELP = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help.",
    };

    private static final String DOCTOR_EMPTY = "Hi Sam, this instance is empty or is using very little memory, my"
            + " issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill"
            + " it with some data. The new Sam and I will be back to our programming as soon as I finished"
            + " rebooting.\n";
    private static final String DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only"
            + " account for what occurs on this base.\n";
    private static final String DOCTOR_ISSUES = "Sam, I detected a few issues in this Redis instance memory"
            + " implants:\n\n";
    private static final String DOCTOR_PEAK = " * Peak memory: In the past this instance used more than 150% the"
            + " memory that is currently using. The allocator is normally not able to release memory after a peak,"
            + " so you can expect to see a big fragmentation ratio, however this is actually harmless and is only"
            + " due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than"
            + " expected, the memory will be used as soon as you fill the Redis instance with more data. If the"
            + " memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE"
            + " command, otherwise the only other option is to shutdown and restart the instance.\n\n";
    private static final String DOCTOR_SIGNATURE = "I'm here to keep you safe, Sam. I want to help you.\n";

    private MemoryCommands() {}

    public static List<CommandSpec> specs() {
        String[] serverWide = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};
        return List.of(CommandSpec.builder("memory").arity(-2).acl("slow").group("server").since("4.0.0")
                .summary("A container for memory diagnostics commands").complexity("Depends on subcommand.")
                .subcommand(CommandSpec.builder("doctor").arity(2).acl("slow").tips(serverWide).since("4.0.0")
                        .summary("Outputs memory problems report").complexity("O(1)")
                        .handler(MemoryCommands::doctor))
                .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow").since("4.0.0")
                        .summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(MemoryCommands::help))
                .subcommand(CommandSpec.builder("malloc-stats").arity(2).acl("slow").tips(serverWide)
                        .since("4.0.0").summary("Show allocator internal stats")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(MemoryCommands::mallocStats))
                .subcommand(CommandSpec.builder("purge").arity(2).acl("slow")
                        .tips("request_policy:all_shards", "response_policy:all_succeeded").since("4.0.0")
                        .summary("Ask the allocator to release memory")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(MemoryCommands::purge))
                .subcommand(CommandSpec.builder("stats").arity(2).acl("slow").tips(serverWide).since("4.0.0")
                        .summary("Show memory usage details").complexity("O(1)")
                        .handler(MemoryCommands::stats))
                .subcommand(CommandSpec.builder("usage").arity(-3).flags(READONLY).acl("read", "slow")
                        .key(KeySpec.range(2, 0, 1, "RO")).since("4.0.0")
                        .summary("Estimate the memory usage of a key")
                        .complexity("O(N) where N is the number of samples.")
                        .handler(MemoryCommands::usage))
                .build());
    }

    /** MEMORY USAGE key [SAMPLES count]: bytes of the key, its value and its entry; nil if missing. */
    static void usage(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.is(argv[i], "samples") && i + 1 < argv.length) {
                if (Bytes.parseLong(argv[++i]) < 0) {
                    throw Errors.SYNTAX;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        long bytes = ctx.db().memoryUsage(argv[2]);
        if (bytes < 0) {
            out.nullBulk();
        } else {
            out.integer(bytes);
        }
    }

    /** MEMORY STATS: Redis's fields, from the estimate and the JVM's view of the process. */
    static void stats(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MemoryManager memory = ctx.engine().memory();
        ProcessMemory process = memory.process();
        Keyspace keyspace = ctx.engine().keyspace();
        long used = memory.usedMemory();
        long peak = memory.peak();
        long startup = MemoryManager.STARTUP_BYTES;
        int databasesWithKeys = 0;
        long overhead = startup;
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            if (db.size() > 0) {
                databasesWithKeys++;
                overhead += db.tableOverheadBytes() + db.expiresOverheadBytes();
            }
        }
        long keys = keyspace.totalKeys();
        long netUsage = used > startup ? used - startup : 1;
        long dataset = used - overhead;
        long heapUsed = process.heapUsed();
        long heapCommitted = process.heapCommitted();
        long resident = process.residentBytes();

        out.mapHeader(27 + databasesWithKeys);
        field(out, "peak.allocated", peak);
        field(out, "total.allocated", used);
        field(out, "startup.allocated", startup);
        field(out, "replication.backlog", 0);
        field(out, "clients.slaves", 0);
        field(out, "clients.normal", process.clientBuffers());
        field(out, "cluster.links", 0);
        field(out, "aof.buffer", 0);
        field(out, "lua.caches", 0);
        field(out, "functions.caches", 0);
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            if (db.size() > 0) {
                out.bulk("db." + d);
                out.mapHeader(3);
                field(out, "overhead.hashtable.main", db.tableOverheadBytes());
                field(out, "overhead.hashtable.expires", db.expiresOverheadBytes());
                field(out, "overhead.hashtable.slot-to-keys", 0);
            }
        }
        field(out, "overhead.total", overhead);
        field(out, "keys.count", keys);
        field(out, "keys.bytes-per-key", keys == 0 ? 0 : netUsage / keys);
        field(out, "dataset.bytes", dataset);
        // Redis computes its percentages and ratios as C floats
        ratio(out, "dataset.percentage", dataset * 100.0 / netUsage);
        ratio(out, "peak.percentage", used * 100.0 / peak);
        field(out, "allocator.allocated", heapUsed);
        field(out, "allocator.active", heapCommitted);
        field(out, "allocator.resident", resident);
        ratio(out, "allocator-fragmentation.ratio", (double) heapCommitted / heapUsed);
        field(out, "allocator-fragmentation.bytes", heapCommitted - heapUsed);
        ratio(out, "allocator-rss.ratio", (double) resident / heapCommitted);
        field(out, "allocator-rss.bytes", resident - heapCommitted);
        ratio(out, "rss-overhead.ratio", 1);
        field(out, "rss-overhead.bytes", 0);
        ratio(out, "fragmentation", (double) resident / used);
        field(out, "fragmentation.bytes", resident - used);
    }

    private static void field(ReplyWriter out, String name, long value) {
        out.bulk(name);
        out.integer(value);
    }

    private static void ratio(ReplyWriter out, String name, double value) {
        out.bulk(name);
        out.doubleValue((float) value);
    }

    /**
     * MEMORY DOCTOR: Redis's report for what the estimate can tell, a past peak well above today's
     * usage. The JVM's fragmentation and RSS say nothing about the data, so they are not diagnosed.
     */
    static void doctor(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MemoryManager memory = ctx.engine().memory();
        long used = memory.usedMemory();
        long peak = memory.peak();
        String report;
        if (used < DOCTOR_MIN_BYTES) {
            report = DOCTOR_EMPTY;
        } else if ((double) peak / used > DOCTOR_PEAK_RATIO) {
            report = DOCTOR_ISSUES + DOCTOR_PEAK + DOCTOR_SIGNATURE;
        } else {
            report = DOCTOR_FINE;
        }
        out.verbatim("txt", report);
    }

    /** MEMORY MALLOC-STATS: Redis's reply when its allocator keeps no statistics. */
    static void mallocStats(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.verbatim("txt", "Stats not supported for the current allocator");
    }

    /** MEMORY PURGE: the JVM's collector returns memory on its own schedule; nothing to ask. */
    static void purge(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.ok();
    }

    /** MEMORY HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }
}
