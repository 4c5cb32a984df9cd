package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.persistence.rdb.DumpPayload;
import io.lodestone.engine.persistence.rdb.RdbContext;
import io.lodestone.engine.persistence.rdb.RdbFormatException;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/**
 * DUMP and RESTORE (Redis's cluster.c): a value serialised as in RDB files, with Redis's payload
 * footer (RDB version and CRC-64), so payloads move between Redis and Lodestone.
 */
public final class DumpCommands {
    private static final byte[] DEL = Bytes.ascii("DEL");
    private static final byte[] ABSTTL = Bytes.ascii("ABSTTL");

    static final CommandError BUSYKEY = new CommandError("BUSYKEY Target key name already exists.");
    static final CommandError BAD_PAYLOAD = new CommandError("ERR DUMP payload version or checksum are wrong");
    static final CommandError BAD_DATA = new CommandError("ERR Bad data format");
    static final CommandError NEGATIVE_TTL = new CommandError("ERR Invalid TTL value, must be >= 0");
    static final CommandError NEGATIVE_IDLETIME = new CommandError("ERR Invalid IDLETIME value, must be >= 0");
    static final CommandError BAD_FREQ = new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");

    private DumpCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("dump").arity(2).flags(READONLY).acl("keyspace", "read", "slow")
                        .tips("nondeterministic_output").key(KeySpec.range(1, 0, 1, "RO", "ACCESS"))
                        .group("generic").since("2.6.0")
                        .summary("Return a serialized version of the value stored at the specified key.")
                        .complexity("O(1) to access the key and additional O(N*M) to serialize it, where N is the"
                                + " number of Redis objects composing the value and M their average size. For small"
                                + " string values the time complexity is thus O(1)+O(1*M) where M is small, so"
                                + " simply O(1).")
                        .handler(DumpCommands::dump).build(),
                CommandSpec.builder("restore").arity(-4).flags(WRITE, DENYOOM)
                        .acl("keyspace", "write", "slow", "dangerous").key(KeySpec.range(1, 0, 1, "OW", "UPDATE"))
                        .group("generic").since("2.6.0")
                        .summary("Create a key using the provided serialized value, previously obtained using DUMP.")
                        .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the serialized"
                                + " value, where N is the number of Redis objects composing the value and M their"
                                + " average size. For small string values the time complexity is thus O(1)+O(1*M)"
                                + " where M is small, so simply O(1). However for sorted set values the complexity"
                                + " is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
                        .handler(DumpCommands::restore).build());
    }

    /** DUMP key */
    static void dump(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().get(argv[1]);
        if (value == null) {
            out.nullBulk();
            return;
        }
        var config = ctx.engine().config();
        out.bulk(DumpPayload.create(value, new RdbContext(config), config.rdbCompression()));
    }

    /**
     * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency].
     * A relative TTL is propagated as an absolute one with ABSTTL; a key restored already expired
     * is not created (and, if REPLACE deleted one, DEL is propagated), as Redis 7.0 does.
     */
    static void restore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean replace = false;
        boolean absolute = false;
        long idleSeconds = -1;
        long frequency = -1;
        for (int i = 4; i < argv.length; i++) {
            boolean hasArg = i + 1 < argv.length;
            if (Bytes.is(argv[i], "replace")) {
                replace = true;
            } else if (Bytes.is(argv[i], "absttl")) {
                absolute = true;
            } else if (Bytes.is(argv[i], "idletime") && hasArg && frequency == -1) {
                idleSeconds = Bytes.parseLong(argv[++i]);
                if (idleSeconds < 0) {
                    throw NEGATIVE_IDLETIME;
                }
            } else if (Bytes.is(argv[i], "freq") && hasArg && idleSeconds == -1) {
                frequency = Bytes.parseLong(argv[++i]);
                if (frequency < 0 || frequency > 255) {
                    throw BAD_FREQ;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        Database db = ctx.db();
        byte[] key = argv[1];
        if (!replace && db.peek(key) != null) {
            throw BUSYKEY;
        }
        long ttl = Bytes.parseLong(argv[2]);
        if (ttl < 0) {
            throw NEGATIVE_TTL;
        }
        byte[] payload = argv[3];
        if (!DumpPayload.verify(payload)) {
            throw BAD_PAYLOAD;
        }
        Object value;
        try {
            value = DumpPayload.read(payload, new RdbContext(ctx.engine().config()));
        } catch (RdbFormatException e) {
            throw BAD_DATA;
        }
        boolean deleted = replace && db.delete(key);
        long expireAt = ttl;
        if (ttl != 0 && !absolute) {
            expireAt = ttl + ctx.now();
        }
        if (expireAt != 0 && expireAt <= ctx.now() && !ctx.engine().keyspace().isReplica()) {
            if (deleted) {
                ctx.dirty();
                ctx.rewriteAs(DEL, key);
            }
            out.ok();
            return;
        }
        db.set(key, value, expireAt);
        if (idleSeconds >= 0) {
            db.setIdleSeconds(key, idleSeconds);
        }
        if (ttl != 0 && !absolute) {
            byte[][] propagated = new byte[argv.length + 1][];
            System.arraycopy(argv, 0, propagated, 0, argv.length);
            propagated[2] = Bytes.toBytes(expireAt);
            propagated[argv.length] = ABSTTL;
            ctx.rewriteAs(propagated);
        }
        ctx.dirty();
        out.ok();
    }
}
