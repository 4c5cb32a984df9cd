package io.lodestone.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check itself can fail: a buffer dropped without release() is reported. */
class NettyLeakCheckTest {
    @Test
    void leakedBufferIsReported() throws InterruptedException {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "surefire sets io.netty.leakDetection.level=paranoid");
        NettyLeakCheck.collectLeaks(); // start clean
        // collecting here also keeps this class's afterAll clean
        List<String> leaks = NettyLeakCheck.collectQuietly(NettyLeakCheckTest::leakOne);
        assertTrue(leaks.stream().anyMatch(l -> l.startsWith("LEAK: ByteBuf.release() was not called")), leaks::toString);
    }

    private static void leakOne() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(64);
        leaked.writeLong(42); // never released
    }
}
