package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.type.SetValue;
import java.io.IOException;

/**
 * Sets. Written as Redis 7.0 writes them: an intset as {@code SET_INTSET} (type 11, one string
 * holding a real intset), a hashtable as {@code SET} (type 2: the member count, then member
 * strings). Redis 7.0 has no listpack sets (type 20 is 7.2's), so those two are all it reads. A
 * loaded set takes the encoding our limits give it ({@code set-max-intset-entries}); a repeated
 * member is reported as corruption, as Redis does.
 */
public final class SetCodec implements RdbCodec {
    public static final SetCodec INSTANCE = new SetCodec();

    private SetCodec() {}

    @Override
    public Class<?> valueClass() {
        return SetValue.class;
    }

    @Override
    public int[] readableTypes() {
        return new int[] {Rdb.TYPE_SET, Rdb.TYPE_SET_INTSET};
    }

    @Override
    public int typeOf(Object value) {
        return ((SetValue) value).isIntset() ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET;
    }

    @Override
    public void write(RdbOutput out, Object value, RdbContext ctx) {
        SetValue set = (SetValue) value;
        if (set.isIntset()) {
            // an intset iterates in ascending order: built in the context's scratch buffer
            int width = 2;
            for (int pos = set.first(); pos >= 0; pos = set.next(pos)) {
                width = Intset.widen(width, set.intAt(pos));
            }
            int count = set.size();
            int size = Intset.size(width, count);
            byte[] blob = ctx.scratch(size);
            Intset.start(blob, width, count);
            int index = 0;
            for (int pos = set.first(); pos >= 0; pos = set.next(pos)) {
                Intset.put(blob, width, index++, set.intAt(pos));
            }
            out.writeString(blob, 0, size);
            return;
        }
        out.writeLength(set.size());
        for (int pos = set.first(); pos >= 0; pos = set.next(pos)) {
            out.writeString(set.member(pos));
        }
    }

    @Override
    public Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException {
        Object what = ctx.what();
        EngineConfig config = ctx.config();
        SetValue set = new SetValue();
        if (type == Rdb.TYPE_SET) {
            long count = in.readLength(RdbContext.named("the member count of ", what));
            for (long i = 0; i < count; i++) {
                long at = in.offset();
                byte[] member = in.readString(RdbContext.named("a member of ", what));
                if (!set.add(member, config)) {
                    throw new RdbFormatException(at, what + " has the member " + RdbContext.describe(member) + " twice");
                }
            }
            return set.isEmpty() ? null : set;
        }
        byte[] blob = in.readString(what);
        Intset.forEach(blob, in.lastBlobOffset(), what, new EntryVisitor() {
            @Override
            public void string(byte[] buf, int off, int len) {
                throw new IllegalStateException("an intset holds integers only");
            }

            @Override
            public void integer(long value) {
                set.addInt(value, config); // strictly ascending (checked), so never a repeat
            }
        });
        return set.isEmpty() ? null : set;
    }
}
