package io.lodestone.engine.persistence.rdb;

/**
 * The RDB format's numbers: version, value types and opcodes, as Redis 7.0 defines them. A value
 * type byte precedes each key; opcodes (from 0xF5 up) mark everything else.
 */
public final class Rdb {
    /** The version Redis 7.0 writes ({@code REDIS0010}); we load versions 1 to this one. */
    public static final int VERSION = 10;
    public static final byte[] MAGIC = {'R', 'E', 'D', 'I', 'S'};

    // ---- value types ----
    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    /** The highest value type Redis 7.0 knows. */
    public static final int TYPE_MAX = 19;

    // ---- opcodes ----
    public static final int OPCODE_FUNCTION2 = 245;
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    public static final int OPCODE_MODULE_AUX = 247;
    public static final int OPCODE_IDLE = 248;
    public static final int OPCODE_FREQ = 249;
    public static final int OPCODE_AUX = 250;
    public static final int OPCODE_RESIZEDB = 251;
    public static final int OPCODE_EXPIRETIME_MS = 252;
    public static final int OPCODE_EXPIRETIME = 253;
    public static final int OPCODE_SELECTDB = 254;
    public static final int OPCODE_EOF = 255;

    // ---- length and string encodings (the two top bits of the first length byte) ----
    static final int LEN_6BIT = 0;
    static final int LEN_14BIT = 1;
    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    static final int ENCVAL = 3;
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    private Rdb() {}

    /** A readable name for a type byte, for error messages. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_STRING -> "string";
            case TYPE_LIST -> "list";
            case TYPE_SET -> "set";
            case TYPE_ZSET -> "zset";
            case TYPE_HASH -> "hash";
            case TYPE_ZSET_2 -> "zset-2";
            case TYPE_MODULE_PRE_GA, TYPE_MODULE_2 -> "module";
            case TYPE_HASH_ZIPMAP -> "hash-zipmap";
            case TYPE_LIST_ZIPLIST -> "list-ziplist";
            case TYPE_SET_INTSET -> "set-intset";
            case TYPE_ZSET_ZIPLIST -> "zset-ziplist";
            case TYPE_HASH_ZIPLIST -> "hash-ziplist";
            case TYPE_LIST_QUICKLIST -> "list-quicklist";
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2 -> "stream";
            case TYPE_HASH_LISTPACK -> "hash-listpack";
            case TYPE_ZSET_LISTPACK -> "zset-listpack";
            case TYPE_LIST_QUICKLIST_2 -> "list-quicklist-2";
            default -> "unknown type " + type;
        };
    }
}
