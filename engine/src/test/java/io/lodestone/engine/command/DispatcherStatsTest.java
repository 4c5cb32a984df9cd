package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineStats;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder;
import org.junit.jupiter.api.Test;

/** What the dispatcher counts per command and per error (INFO commandstats, errorstats), and the client's last command. */
class DispatcherStatsTest {
    private final EngineHarness h = new EngineHarness();

    private CommandStats stats(String name) {
        return h.engine().commands().lookup(name).stats();
    }

    @Test
    void callsThatRunAreCountedWithTheirTime() {
        h.exec("SET", "k", "v");
        h.exec("GET", "k");
        h.exec("GET", "nope");
        assertEquals(2, stats("get").calls());
        assertEquals(1, stats("set").calls());
        assertEquals(0, stats("get").failedCalls());
        assertEquals(2, stats("get").latency().count());
        assertEquals(3, h.engine().stats().commandsProcessed);
    }

    @Test
    void refusedCallsAreRejectedNotRun() {
        Object reply = h.exec("GET");
        assertEquals(new ReplyRecorder.Err("ERR wrong number of arguments for 'get' command"), reply);
        assertEquals(0, stats("get").calls());
        assertEquals(1, stats("get").rejectedCalls());
        assertTrue(stats("get").isUsed());
        assertEquals(0, h.engine().stats().commandsProcessed, "a refused command is not processed");
    }

    @Test
    void callsThatReplyAnErrorAreFailed() {
        h.exec("SET", "k", "v", "EX", "0");
        assertEquals(1, stats("set").calls());
        assertEquals(1, stats("set").failedCalls());
    }

    @Test
    void errorsAreCountedByCode() {
        h.exec("NOSUCH");
        h.exec("GET");
        h.exec("SET", "k", "v", "EX", "0");
        EngineStats stats = h.engine().stats();
        assertEquals(3, stats.errorReplies);
        assertEquals(3, stats.errorsByCode().get("ERR")[0]);
        assertEquals(1, stats.errorsByCode().size());
        stats.reset();
        assertTrue(stats.errorsByCode().isEmpty());
    }

    @Test
    void onlyTheFirstCodesAreTracked() {
        EngineStats stats = h.engine().stats();
        for (int i = 0; i < EngineStats.MAX_ERROR_CODES + 10; i++) {
            stats.recordError(new CommandError("E" + i + " boom"));
        }
        assertEquals(EngineStats.MAX_ERROR_CODES, stats.errorsByCode().size());
        assertEquals(EngineStats.MAX_ERROR_CODES + 10, stats.errorReplies);
    }

    @Test
    void theLastCommandIsWhatWasRecognisedEvenIfRefused() {
        CommandContext ctx = h.context();
        h.exec("GET", "k");
        assertSame(h.engine().commands().lookup("get"), ctx.lastCommand());
        h.exec("NOSUCH", "x");
        assertNull(ctx.lastCommand());
        h.exec("SET", "k");
        assertSame(h.engine().commands().lookup("set"), ctx.lastCommand());
    }

    @Test
    void resetStatsZeroesEveryCommand() {
        h.exec("GET", "k");
        h.engine().commands().resetStats();
        assertEquals(0, stats("get").calls());
        assertNull(stats("get").latency());
    }
}
