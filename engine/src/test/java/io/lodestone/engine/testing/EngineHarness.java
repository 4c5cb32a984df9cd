package io.lodestone.engine.testing;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine on a fake clock with one client, for command tests without a network: {@code
 * exec("SET", "k", "v")} returns the reply as {@link ReplyRecorder} records it. Every write
 * propagated to the write stream is kept in {@link #stream()} as text.
 */
public final class EngineHarness {
    private final FakeClock clock = new FakeClock();
    private final Engine engine;
    private final HarnessClient ctx;
    private final List<List<String>> stream = new ArrayList<>();
    private int protocol = 2;
    private long nextClientId = 2;

    public EngineHarness() {
        this(EngineConfig.defaults());
    }

    public EngineHarness(EngineConfig config) {
        this(config, java.util.List.of());
    }

    /** An engine with extra commands, e.g. test-only ones. */
    public EngineHarness(EngineConfig config, java.util.Collection<io.lodestone.engine.command.CommandSpec> extra) {
        engine = new Engine(config, clock, extra);
        ctx = new HarnessClient(engine, 1);
        engine.writeStream().subscribe((offset, db, argv) -> {
            List<String> entry = new ArrayList<>();
            for (byte[] a : argv) {
                entry.add(new String(a, StandardCharsets.UTF_8));
            }
            stream.add(entry);
        });
    }

    public Engine engine() {
        return engine;
    }

    public FakeClock clock() {
        return clock;
    }

    public CommandContext context() {
        return ctx;
    }

    /** Another client of the same engine, e.g. to block in BLPOP while the first one pushes. */
    public HarnessClient newClient() {
        return new HarnessClient(engine, nextClientId++);
    }

    /** Runs one command as {@code client}: its reply, or null when the command blocked. */
    public Object exec(HarnessClient client, String... args) {
        ReplyRecorder out = new ReplyRecorder(protocol);
        engine.lock().lock();
        try {
            engine.dispatcher().execute(client, toArgv(args), out);
        } finally {
            engine.lock().unlock();
        }
        return out.replies().isEmpty() ? null : out.take();
    }

    /** Runs one command as {@code client} and returns every reply it wrote (SUBSCRIBE a b writes two). */
    public List<Object> execAll(HarnessClient client, String... args) {
        ReplyRecorder out = new ReplyRecorder(protocol);
        engine.lock().lock();
        try {
            engine.dispatcher().execute(client, toArgv(args), out);
        } finally {
            engine.lock().unlock();
        }
        return new ArrayList<>(out.replies());
    }

    /** The harness's own client, the one {@link #exec(String...)} runs as. */
    public HarnessClient client() {
        return ctx;
    }

    private static byte[][] toArgv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }

    public void useProtocol(int protocol) {
        this.protocol = protocol;
    }

    /** Runs one command and returns its reply. */
    public Object exec(String... args) {
        return exec(toArgv(args));
    }

    public Object exec(byte[]... argv) {
        ReplyRecorder out = new ReplyRecorder(protocol);
        engine.lock().lock();
        try {
            engine.dispatcher().execute(ctx, argv, out);
        } finally {
            engine.lock().unlock();
        }
        return out.take();
    }

    /** The write stream so far, each entry as its words. */
    public List<List<String>> stream() {
        return stream;
    }

    /** Forgets the stream recorded so far. */
    public void clearStream() {
        stream.clear();
    }

    /** Runs one background cycle (active expiry) at the fake clock's time. */
    public void cron() {
        engine.runCronCycle();
    }

    /**
     * A client that can block and receive out-of-band replies (the reply of a blocked command that
     * was served later, pushed messages), which it records in {@link #asyncReplies()}.
     */
    public final class HarnessClient extends CommandContext {
        private ReplyRecorder async = new ReplyRecorder(2);
        private boolean blockingAllowed = true;

        HarnessClient(Engine engine, long id) {
            super(engine, id, true);
        }

        @Override
        protected boolean canBlock() {
            return blockingAllowed;
        }

        /** The protocol its out-of-band writer speaks (RESP3 pushes reach only RESP3 clients, e.g. invalidations). */
        public void useAsyncProtocol(int protocol) {
            async = new ReplyRecorder(protocol);
        }

        public void setBlockingAllowed(boolean allowed) {
            this.blockingAllowed = allowed;
        }

        @Override
        public io.lodestone.engine.reply.ReplyWriter openAsync() {
            return async;
        }

        /** Replies delivered out of band, oldest first; take() removes them. */
        public List<Object> asyncReplies() {
            return async.replies();
        }

        public boolean isBlocked() {
            return blockState().isBlocked();
        }
    }
}
