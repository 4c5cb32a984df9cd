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
    private final CommandContext ctx;
    private final List<List<String>> stream = new ArrayList<>();
    private int protocol = 2;

    public EngineHarness() {
        this(EngineConfig.defaults());
    }

    public EngineHarness(EngineConfig config) {
        engine = new Engine(config, clock);
        ctx = new CommandContext(engine, 1, true);
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

    public void useProtocol(int protocol) {
        this.protocol = protocol;
    }

    /** Runs one command and returns its reply. */
    public Object exec(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return exec(argv);
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
}
