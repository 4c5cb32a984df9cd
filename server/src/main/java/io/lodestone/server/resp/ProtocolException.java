package io.lodestone.server.resp;

/**
 * A request that breaks RESP. Like Redis, the server replies with the error (when {@link
 * #replyText()} is not null), then closes this one connection; the server and other clients carry on.
 */
public final class ProtocolException extends RuntimeException {
    private final String replyText;

    /** @param replyText the error reply without the '-', or null to close without a reply */
    public ProtocolException(String replyText, String logMessage) {
        super(logMessage, null, false, false);
        this.replyText = replyText;
    }

    public static ProtocolException reply(String detail) {
        String text = "ERR Protocol error: " + detail;
        return new ProtocolException(text, text);
    }

    public String replyText() {
        return replyText;
    }
}
