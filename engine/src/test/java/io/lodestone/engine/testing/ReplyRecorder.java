package io.lodestone.engine.testing;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.reply.ReplyWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A ReplyWriter that records replies as plain Java values, for assertions: simple strings and bulk
 * strings as String, integers as Long, nulls as null, aggregates as List (a map as a flat list of
 * pairs), doubles as Double, booleans as Boolean, errors as {@link Err}. A RESP3 set is recorded as a
 * {@link SetReply} (a List, so it still equals a List of the same elements in the same order).
 */
public final class ReplyRecorder implements ReplyWriter {
    /** An error reply, e.g. {@code Err("ERR syntax error")}. */
    public record Err(String message) {}

    /** A RESP3 set reply ({@code ~}); in RESP2 a set is a plain array and recorded as a plain List. */
    public static final class SetReply extends ArrayList<Object> {
        SetReply(int capacity) {
            super(capacity);
        }
    }

    private final int protocol;
    private final List<Object> replies = new ArrayList<>();
    private final Deque<Frame> open = new ArrayDeque<>();

    private record Frame(List<Object> items, int expected) {}

    public ReplyRecorder(int protocol) {
        this.protocol = protocol;
    }

    public List<Object> replies() {
        return replies;
    }

    /** The single complete reply recorded, removing it. */
    public Object take() {
        if (!open.isEmpty() || replies.isEmpty()) {
            throw new AssertionError("no complete reply: " + replies + ", open " + open.size());
        }
        return replies.remove(0);
    }

    private void add(Object value) {
        if (open.isEmpty()) {
            replies.add(value);
            return;
        }
        Frame top = open.peek();
        top.items.add(value);
        while (!open.isEmpty() && open.peek().items.size() == open.peek().expected) {
            Frame done = open.pop();
            add(done.items);
        }
    }

    private void aggregate(int count) {
        aggregate(count, new ArrayList<>(Math.max(count, 0)));
    }

    private void aggregate(int count, List<Object> items) {
        if (count <= 0) {
            add(items);
            return;
        }
        open.push(new Frame(items, count));
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void ok() {
        add("OK");
    }

    @Override
    public void simple(String text) {
        add(text);
    }

    @Override
    public void error(CommandError error) {
        add(new Err(error.getMessage()));
    }

    @Override
    public void integer(long value) {
        add(value);
    }

    @Override
    public void bulk(byte[] value) {
        add(new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        add(new String(value, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void bulk(String text) {
        add(text);
    }

    @Override
    public void nullBulk() {
        add(null);
    }

    @Override
    public void nullArray() {
        add(null);
    }

    @Override
    public void arrayHeader(int count) {
        aggregate(count);
    }

    @Override
    public void mapHeader(int count) {
        aggregate(count * 2);
    }

    @Override
    public void setHeader(int count) {
        aggregate(count, protocol == 3 ? new SetReply(Math.max(count, 0)) : new ArrayList<>(Math.max(count, 0)));
    }

    @Override
    public void pushHeader(int count) {
        aggregate(count);
    }

    @Override
    public void doubleValue(double value) {
        add(value);
    }

    @Override
    public void bool(boolean value) {
        add(value);
    }

    @Override
    public void verbatim(String format, String text) {
        add(text);
    }
}
