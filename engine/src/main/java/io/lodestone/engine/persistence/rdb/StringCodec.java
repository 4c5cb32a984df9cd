package io.lodestone.engine.persistence.rdb;

import java.io.IOException;

/** Strings (RDB type 0): one RDB string, integer-encoded or LZF-compressed where that applies. */
public final class StringCodec implements RdbCodec {
    public static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {}

    @Override
    public Class<?> valueClass() {
        return byte[].class;
    }

    @Override
    public int[] readableTypes() {
        return new int[] {Rdb.TYPE_STRING};
    }

    @Override
    public int typeOf(Object value) {
        return Rdb.TYPE_STRING;
    }

    @Override
    public void write(RdbOutput out, Object value, RdbContext ctx) {
        out.writeString((byte[]) value);
    }

    @Override
    public Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException {
        return in.readString(ctx.what());
    }
}
