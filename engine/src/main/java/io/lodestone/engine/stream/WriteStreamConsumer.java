package io.lodestone.engine.stream;

/** A reader of the write stream (AOF, replica link). Called under the engine lock: be quick. */
@FunctionalInterface
public interface WriteStreamConsumer {
    /**
     * @param offset the stream offset just after this entry
     * @param db     the database the entry applies to
     * @param argv   the command; must not be modified
     */
    void accept(long offset, int db, byte[][] argv);
}
