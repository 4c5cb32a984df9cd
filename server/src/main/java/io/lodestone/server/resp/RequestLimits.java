package io.lodestone.server.resp;

/** What a request may be, as the decoder asks it per request (the values can change at runtime). */
public interface RequestLimits {
    /** proto-max-bulk-len: the largest bulk string argument. */
    long maxBulkLength();

    /** client-query-buffer-limit: the most unparsed input one client may have pending. */
    long maxQueryBuffer();

    /** False before AUTH when a password is required: Redis then allows only small requests. */
    boolean authenticated();

    /** Told of every chunk read from the socket, before decoding (INFO total_net_input_bytes). */
    default void onRead(int bytes) {}

    /** Told what input stays buffered once a read was decoded (CLIENT LIST qbuf, qbuf-free). */
    default void onBuffered(int pending, int free) {}
}
