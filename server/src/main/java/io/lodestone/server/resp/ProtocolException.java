package io.lodestone.server.resp;

import io.netty.buffer.ByteBuf;

/**
 * A request that breaks RESP. Like Redis, the server replies with the error (when {@link
 * #replyText()} is not null), then closes this one connection; the server and other clients carry on.
 */
public final class ProtocolException extends RuntimeException {
    private final String replyText;
    private final boolean queryBufferLimit;

    /** @param replyText the error reply without the '-', or null to close without a reply */
    public ProtocolException(String replyText, String logMessage) {
        this(replyText, logMessage, false);
    }

    private ProtocolException(String replyText, String logMessage, boolean queryBufferLimit) {
        super(logMessage, null, false, false);
        this.replyText = replyText;
        this.queryBufferLimit = queryBufferLimit;
    }

    /** {@code -ERR Protocol error: <detail>}, then close. */
    public static ProtocolException reply(String detail) {
        return new ProtocolException("ERR Protocol error: " + detail, detail, false);
    }

    /**
     * Over client-query-buffer-limit: Redis closes without a reply and logs a warning with the
     * first 64 bytes of the buffer.
     */
    public static ProtocolException queryBufferLimit(ByteBuf buffered) {
        return new ProtocolException(null, "(qbuf initial bytes: " + repr(buffered, 64) + ")", true);
    }

    /** The error reply without the leading '-' (one byte per char), or null to close silently. */
    public String replyText() {
        return replyText;
    }

    /** True for the query buffer limit, which Redis logs as a warning (other errors: verbose). */
    public boolean isQueryBufferLimit() {
        return queryBufferLimit;
    }

    /** The first bytes of {@code buf} quoted and escaped, as Redis's sdscatrepr prints them. */
    private static String repr(ByteBuf buf, int max) {
        StringBuilder sb = new StringBuilder("\"");
        int end = buf.readerIndex() + Math.min(max, buf.readableBytes());
        for (int i = buf.readerIndex(); i < end; i++) {
            int b = buf.getByte(i) & 0xFF;
            switch (b) {
                case '\\', '"' -> sb.append('\\').append((char) b);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        sb.append((char) b);
                    } else {
                        sb.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
