package io.lodestone.server.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer (its "LEAK:" log lines)
 * during that class. Registered for every test class of this module through
 * META-INF/services/org.junit.jupiter.api.extension.Extension (autodetection is on in
 * junit-platform.properties); surefire runs with io.netty.leakDetection.level=paranoid, so every
 * buffer is tracked.
 *
 * <p>How: a {@link ResourceLeakDetectorFactory} of ours, installed before Netty creates its first
 * detector, makes detectors that also record what they report. Netty only notices a leak after
 * the garbage collector has freed the buffer, at a later allocation, so after each class this
 * runs the collector and allocates a few buffers before reading the record.
 */
public final class NettyLeakCheck implements AfterAllCallback {
    private static final List<String> LEAKS = new ArrayList<>();
    /** Set by the self-test, whose deliberate leak should not print a "LEAK:" line. */
    private static volatile boolean quiet;

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> found = collectLeaks();
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leak(s) during "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }

    /** Makes Netty look for leaks now and returns (and forgets) those reported since the last call. */
    public static List<String> collectLeaks() throws InterruptedException {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.DISABLED) {
            for (int round = 0; round < 3; round++) {
                System.gc();
                Thread.sleep(20);
                // each tracked allocation makes the detector look at what the collector has freed
                for (ByteBufAllocator alloc : List.of(ByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
                    for (int i = 0; i < 4; i++) {
                        alloc.directBuffer(8).release();
                        alloc.heapBuffer(8).release();
                    }
                }
            }
        }
        synchronized (LEAKS) {
            List<String> found = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return found;
        }
    }

    /** Runs {@code leaky} without Netty's own "LEAK:" log lines (for the self-test only). */
    static List<String> collectQuietly(Runnable leaky) throws InterruptedException {
        quiet = true;
        try {
            leaky.run();
            return collectLeaks();
        } finally {
            quiet = false;
        }
    }

    private static void record(String leak) {
        synchronized (LEAKS) {
            LEAKS.add(leak);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true; // record even if Netty's own logging is off
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected." + records);
            if (!quiet) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected.");
            if (!quiet) {
                super.reportUntracedLeak(resourceType);
            }
        }
    }
}
