package io.lodestone.server.pipeline;

import io.lodestone.engine.persistence.aof.AofPersistence;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends written replies, but with the AOF on only once the writes they answer are in the file (and
 * fsynced under {@code appendfsync always}): channels with replies waiting join a list, and one
 * task per event-loop turn writes the AOF once and flushes them all (Redis's beforeSleep: write and
 * fsync the AOF, then write to clients). One flusher per event-loop thread, used on it only.
 */
public final class ReplyFlusher {
    private static final FastThreadLocal<ReplyFlusher> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected ReplyFlusher initialValue() {
            return new ReplyFlusher();
        }
    };

    private final List<Channel> waiting = new ArrayList<>();
    private final List<Channel> closing = new ArrayList<>();
    private AofPersistence aof;
    private boolean scheduled;

    private ReplyFlusher() {}

    /** The flusher of the calling event-loop thread. */
    public static ReplyFlusher current() {
        return PER_LOOP.get();
    }

    /** Flushes {@code channel} now, or after the fsync its replies wait for. */
    public void flush(Channel channel, AofPersistence aof) {
        if (!aof.repliesMustWait()) {
            channel.flush();
            return;
        }
        waiting.add(channel);
        schedule(channel, aof);
    }

    /** Flushes {@code channel}, then closes it (QUIT, a protocol error), after the fsync if one is due. */
    public void flushAndClose(Channel channel, AofPersistence aof) {
        if (!aof.repliesMustWait()) {
            channel.writeAndFlush(channel.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        closing.add(channel);
        schedule(channel, aof);
    }

    private void schedule(Channel channel, AofPersistence aof) {
        this.aof = aof;
        if (!scheduled) {
            scheduled = true;
            // tasks run after the loop has handled every ready channel: one fsync for all of them
            channel.eventLoop().execute(this::syncAndFlush);
        }
    }

    private void syncAndFlush() {
        scheduled = false;
        aof.settleBeforeReplies();
        for (Channel ch : waiting) {
            ch.flush();
        }
        for (Channel ch : closing) {
            ch.writeAndFlush(ch.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
        }
        waiting.clear();
        closing.clear();
    }
}
