package io.lodestone.engine.reply;

import io.lodestone.engine.command.CommandError;

/**
 * A reply nobody reads: commands replayed from the AOF (Redis's fake client). A caller that needs
 * only part of a reply extends it and overrides what it keeps.
 */
public class DiscardingReplyWriter implements ReplyWriter {
    public static final DiscardingReplyWriter INSTANCE = new DiscardingReplyWriter();

    protected DiscardingReplyWriter() {}

    @Override
    public int protocol() {
        return 2;
    }

    @Override
    public void ok() {}

    @Override
    public void simple(String text) {}

    @Override
    public void error(CommandError error) {}

    @Override
    public void integer(long value) {}

    @Override
    public void bulk(byte[] value) {}

    @Override
    public void bulk(byte[] value, int offset, int length) {}

    @Override
    public void bulk(String text) {}

    @Override
    public void nullBulk() {}

    @Override
    public void nullArray() {}

    @Override
    public void arrayHeader(int count) {}

    @Override
    public void mapHeader(int count) {}

    @Override
    public void setHeader(int count) {}

    @Override
    public void pushHeader(int count) {}

    @Override
    public void doubleValue(double value) {}

    @Override
    public void bool(boolean value) {}

    @Override
    public void verbatim(String format, String text) {}
}
