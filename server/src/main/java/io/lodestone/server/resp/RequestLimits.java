package io.lodestone.server.resp;

/** What a request may be, as the decoder asks it per request (the values can change at runtime). */
public interface RequestLimits {
    /** proto-max-bulk-len: the largest bulk string argument. */
    long maxBulkLength();

    /** client-query-buffer-limit: the most unparsed input one client may have pending. */
    long maxQueryBuffer();

    /** False before AUTH when a password is required: Redis then allows only small requests. */
    boolean authenticated();
}
