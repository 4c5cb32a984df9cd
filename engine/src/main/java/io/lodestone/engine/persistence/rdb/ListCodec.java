package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.util.Bytes;
import java.io.IOException;

/**
 * Lists. Written as Redis 7.0 writes them: {@code LIST_QUICKLIST_2} (type 18), the node count, then
 * per node its container kind (2 = packed) and one string holding a real listpack of the node's
 * elements; each of our nodes becomes one node. Read also from {@code LIST_QUICKLIST} (14: nodes
 * that are ziplists), {@code LIST_ZIPLIST} (10: one ziplist) and {@code LIST} (1: a count, then
 * strings). A loaded list is rebuilt with our {@code list-max-listpack-size}, as Redis re-packs it.
 */
public final class ListCodec implements RdbCodec {
    public static final ListCodec INSTANCE = new ListCodec();

    /** A quicklist node holding one large element as a plain string (Redis's QUICKLIST_NODE_CONTAINER_PLAIN). */
    static final int CONTAINER_PLAIN = 1;
    /** A quicklist node holding a listpack (QUICKLIST_NODE_CONTAINER_PACKED). */
    static final int CONTAINER_PACKED = 2;

    private ListCodec() {}

    @Override
    public Class<?> valueClass() {
        return ListValue.class;
    }

    @Override
    public int[] readableTypes() {
        return new int[] {Rdb.TYPE_LIST, Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2};
    }

    @Override
    public int typeOf(Object value) {
        return Rdb.TYPE_LIST_QUICKLIST_2;
    }

    @Override
    public void write(RdbOutput out, Object value, RdbContext ctx) {
        ListValue list = (ListValue) value;
        int nodes = list.nodeCount();
        out.writeLength(nodes);
        if (nodes == 0) {
            return;
        }
        ListValue.Cursor cursor = list.cursor(0);
        for (int node = 0; node < nodes; node++) {
            Listpack.Writer lp = ctx.listpackWriter();
            for (int i = list.nodeSize(node); i > 0; i--) {
                lp.add(cursor.array(), cursor.offset(), cursor.length());
                cursor.next();
            }
            int size = lp.finish();
            out.writeLength(CONTAINER_PACKED);
            out.writeString(lp.array(), 0, size);
        }
    }

    @Override
    public Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException {
        Object what = ctx.what();
        ListValue list = new ListValue();
        Appender append = new Appender(list, ctx.config().listMaxListpackSize());
        switch (type) {
            case Rdb.TYPE_LIST -> {
                long count = in.readLength(RdbContext.named("the element count of ", what));
                for (long i = 0; i < count; i++) {
                    list.pushTail(in.readString(RdbContext.named("an element of ", what)), append.fill);
                }
            }
            case Rdb.TYPE_LIST_ZIPLIST -> {
                byte[] blob = in.readString(what);
                Ziplist.forEach(blob, in.lastBlobOffset(), what, append);
            }
            case Rdb.TYPE_LIST_QUICKLIST -> {
                long nodes = in.readLength(RdbContext.named("the node count of ", what));
                for (long n = 0; n < nodes; n++) {
                    byte[] blob = in.readString(RdbContext.named("a node of ", what));
                    Ziplist.forEach(blob, in.lastBlobOffset(), what, append);
                }
            }
            default -> {
                long nodes = in.readLength(RdbContext.named("the node count of ", what));
                for (long n = 0; n < nodes; n++) {
                    long at = in.offset();
                    long container = in.readLength(RdbContext.named("a node container of ", what));
                    if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                        throw new RdbFormatException(at, what + ": unknown quicklist node container " + container);
                    }
                    byte[] blob = in.readString(RdbContext.named("a node of ", what));
                    if (container == CONTAINER_PLAIN) {
                        list.pushTail(blob, append.fill);
                    } else {
                        Listpack.forEach(blob, in.lastBlobOffset(), what, append);
                    }
                }
            }
        }
        return list.isEmpty() ? null : list;
    }

    /** Appends each element of a listpack or ziplist to the list being loaded. */
    private static final class Appender implements EntryVisitor {
        final ListValue list;
        final int fill;

        Appender(ListValue list, int fill) {
            this.list = list;
            this.fill = fill;
        }

        @Override
        public void string(byte[] buf, int off, int len) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            list.pushTail(copy, fill);
        }

        @Override
        public void integer(long value) {
            list.pushTail(Bytes.toBytes(value), fill);
        }
    }
}
