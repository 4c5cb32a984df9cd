package io.lodestone.engine.persistence.aof;

import io.lodestone.engine.persistence.rdb.RdbOutput;
import io.lodestone.engine.persistence.rdb.RdbSnapshotWriter;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.DoubleFormat;
import java.nio.charset.StandardCharsets;

/**
 * A snapshot as the commands that rebuild it, the way Redis's rewriteAppendOnlyFileRio writes an
 * AOF base without the RDB preamble: SET, RPUSH, SADD, ZADD and HMSET with at most 64 items per
 * command, then PEXPIREAT for a key with a deadline; SELECT where each database starts.
 */
final class AofRewriteCommands implements RdbSnapshotWriter.CommandFormat {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_COMMAND = 64;

    private static final byte[] SELECT = ascii("SELECT");
    private static final byte[] SET = ascii("SET");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] HMSET = ascii("HMSET");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");

    @Override
    public void databaseStart(RdbOutput out, int db) {
        header(out, 2);
        bulk(out, SELECT);
        bulk(out, Bytes.toBytes(db));
    }

    @Override
    public void entry(RdbOutput out, byte[] key, Object value, long expireAt) {
        if (value instanceof byte[] string) {
            header(out, 3);
            bulk(out, SET);
            bulk(out, key);
            bulk(out, string);
        } else if (value instanceof ListValue list) {
            writeList(out, key, list);
        } else if (value instanceof SetValue set) {
            writeSet(out, key, set);
        } else if (value instanceof SortedSetValue zset) {
            writeSortedSet(out, key, zset);
        } else if (value instanceof HashValue hash) {
            writeHash(out, key, hash);
        } else {
            throw new IllegalStateException("no AOF form for " + value.getClass().getSimpleName());
        }
        if (expireAt != 0) {
            header(out, 3);
            bulk(out, PEXPIREAT);
            bulk(out, key);
            bulk(out, Bytes.toBytes(expireAt));
        }
    }

    private static void writeList(RdbOutput out, byte[] key, ListValue list) {
        long left = list.size();
        ListValue.Cursor c = list.cursor(0);
        while (left > 0) {
            int n = (int) Math.min(ITEMS_PER_COMMAND, left);
            header(out, 2 + n);
            bulk(out, RPUSH);
            bulk(out, key);
            for (int i = 0; i < n; i++) {
                bulk(out, c.array(), c.offset(), c.length());
                c.next();
            }
            left -= n;
        }
    }

    private static void writeSet(RdbOutput out, byte[] key, SetValue set) {
        int left = set.size();
        int pos = set.first();
        while (left > 0) {
            int n = Math.min(ITEMS_PER_COMMAND, left);
            header(out, 2 + n);
            bulk(out, SADD);
            bulk(out, key);
            for (int i = 0; i < n; i++) {
                bulk(out, set.isIntset() ? Bytes.toBytes(set.intAt(pos)) : set.member(pos));
                pos = set.next(pos);
            }
            left -= n;
        }
    }

    private static void writeSortedSet(RdbOutput out, byte[] key, SortedSetValue zset) {
        int left = zset.size();
        SortedSetValue.Cursor c = zset.cursor(0);
        while (left > 0) {
            int n = Math.min(ITEMS_PER_COMMAND, left);
            header(out, 2 + 2 * n);
            bulk(out, ZADD);
            bulk(out, key);
            for (int i = 0; i < n; i++) {
                bulk(out, ascii(DoubleFormat.g17(c.score())));
                bulk(out, c.memberArray(), c.memberOffset(), c.memberLength());
                c.next();
            }
            left -= n;
        }
    }

    private static void writeHash(RdbOutput out, byte[] key, HashValue hash) {
        int left = hash.size();
        int pos = hash.first();
        while (left > 0) {
            int n = Math.min(ITEMS_PER_COMMAND, left);
            header(out, 2 + 2 * n);
            bulk(out, HMSET);
            bulk(out, key);
            for (int i = 0; i < n; i++) {
                bulk(out, hash.fieldArray(pos), hash.fieldOffset(pos), hash.fieldLength(pos));
                bulk(out, hash.valueArray(pos), hash.valueOffset(pos), hash.valueLength(pos));
                pos = hash.next(pos);
            }
            left -= n;
        }
    }

    private static void header(RdbOutput out, int count) {
        out.writeByte('*');
        out.writeBytes(Bytes.toBytes(count));
        out.writeByte('\r');
        out.writeByte('\n');
    }

    private static void bulk(RdbOutput out, byte[] arg) {
        bulk(out, arg, 0, arg.length);
    }

    private static void bulk(RdbOutput out, byte[] arg, int off, int len) {
        out.writeByte('$');
        out.writeBytes(Bytes.toBytes(len));
        out.writeByte('\r');
        out.writeByte('\n');
        out.writeBytes(arg, off, len);
        out.writeByte('\r');
        out.writeByte('\n');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
