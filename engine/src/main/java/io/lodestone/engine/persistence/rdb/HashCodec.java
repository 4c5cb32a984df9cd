package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.type.HashValue;
import java.io.IOException;
import java.util.List;

/**
 * Hashes. Written as Redis 7.0 writes them: a compact hash as {@code HASH_LISTPACK} (type 16, one
 * string holding a real listpack), a large one as {@code HASH} (type 4: the field count, then field
 * and value strings). Read also from the older compact forms: {@code HASH_ZIPLIST} (13) and
 * {@code HASH_ZIPMAP} (9). A loaded hash takes the encoding the engine's limits give it
 * (hash-max-listpack-entries / -value), as in Redis; duplicate fields are reported as corruption.
 */
public final class HashCodec implements RdbCodec {
    public static final HashCodec INSTANCE = new HashCodec();

    private HashCodec() {}

    @Override
    public Class<?> valueClass() {
        return HashValue.class;
    }

    @Override
    public int[] readableTypes() {
        return new int[] {Rdb.TYPE_HASH, Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_HASH_ZIPMAP};
    }

    @Override
    public int typeOf(Object value) {
        return ((HashValue) value).isCompact() ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH;
    }

    @Override
    public void write(RdbOutput out, Object value, RdbContext ctx) {
        HashValue hash = (HashValue) value;
        if (hash.isCompact()) {
            Listpack.Writer lp = ctx.listpackWriter();
            for (int pos = hash.first(); pos >= 0; pos = hash.next(pos)) {
                lp.add(hash.fieldArray(pos), hash.fieldOffset(pos), hash.fieldLength(pos));
                lp.add(hash.valueArray(pos), hash.valueOffset(pos), hash.valueLength(pos));
            }
            int size = lp.finish();
            out.writeString(lp.array(), 0, size);
            return;
        }
        out.writeLength(hash.size());
        for (int pos = hash.first(); pos >= 0; pos = hash.next(pos)) {
            out.writeString(hash.fieldArray(pos), hash.fieldOffset(pos), hash.fieldLength(pos));
            out.writeString(hash.valueArray(pos), hash.valueOffset(pos), hash.valueLength(pos));
        }
    }

    @Override
    public Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException {
        Object what = ctx.what();
        EngineConfig config = ctx.config();
        if (type == Rdb.TYPE_HASH) {
            long count = in.readLength(RdbContext.named("the field count of ", what));
            HashValue hash = new HashValue();
            for (long i = 0; i < count; i++) {
                long fieldAt = in.offset();
                byte[] field = in.readString(RdbContext.named("a field of ", what));
                byte[] value = in.readString(RdbContext.named("a value of ", what));
                if (!hash.set(field, value, config)) {
                    throw new RdbFormatException(fieldAt, what + " has the field " + RdbContext.describe(field) + " twice");
                }
            }
            return count == 0 ? null : hash;
        }
        long at = in.offset();
        byte[] blob = in.readString(what);
        long blobAt = in.lastBlobOffset();
        EntryVisitor.Collector elements = EntryVisitor.collector();
        switch (type) {
            case Rdb.TYPE_HASH_LISTPACK -> Listpack.forEach(blob, blobAt, what, elements);
            case Rdb.TYPE_HASH_ZIPLIST -> Ziplist.forEach(blob, blobAt, what, elements);
            default -> Zipmap.forEach(blob, blobAt, what, elements);
        }
        List<byte[]> all = elements.elements();
        if (all.size() % 2 != 0) {
            throw new RdbFormatException(at, what + ": a hash needs an even number of elements, found " + all.size());
        }
        HashValue hash = new HashValue();
        for (int i = 0; i < all.size(); i += 2) {
            if (!hash.set(all.get(i), all.get(i + 1), config)) {
                throw new RdbFormatException(at, what + " has the field " + RdbContext.describe(all.get(i)) + " twice");
            }
        }
        return all.isEmpty() ? null : hash;
    }

}
