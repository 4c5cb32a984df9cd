package io.lodestone.server.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process uses, read from the JVM and from Linux's /proc (INFO memory and cpu). Each read
 * is a small file or an MXBean call: fine for INFO, not for a hot path. Where /proc is missing
 * (not Linux) the values fall back to the JVM's or to 0.
 */
public final class ProcessMetrics {
    /** Linux reports process times in USER_HZ ticks, 100 a second on every architecture (ABI). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessMetrics() {}

    /** Java heap in use, Lodestone's used_memory (it includes garbage not yet collected). */
    public static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Java heap reserved from the OS (committed). */
    public static long heapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }

    /** Resident set size in bytes, from /proc/self/status (VmRSS, in kB: no page-size guess), or 0. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim();
                    int space = kb.indexOf(' ');
                    return Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: report nothing rather than fail INFO
        }
        return 0;
    }

    /** Physical memory of the machine, or 0 if the JVM does not say. */
    public static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** CPU time of the whole process: user and system, in microseconds. */
    public record CpuTimes(long userMicros, long systemMicros) {}

    /** The process's CPU times from /proc/self/stat, or the JVM's total as user time elsewhere. */
    public static CpuTimes processCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long userTicks = Long.parseLong(f[11]); // utime, field 14 of the file
            long systemTicks = Long.parseLong(f[12]); // stime, field 15
            return new CpuTimes(userTicks * 1_000_000 / TICKS_PER_SECOND, systemTicks * 1_000_000 / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return new CpuTimes(Math.max(0, os.getProcessCpuTime() / 1000), 0);
            }
            return new CpuTimes(0, 0);
        }
    }

    /** CPU times of the calling thread (the event-loop thread running the command). */
    public static CpuTimes currentThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return new CpuTimes(0, 0);
        }
        long total = threads.getCurrentThreadCpuTime();
        long user = threads.getCurrentThreadUserTime();
        return new CpuTimes(user / 1000, Math.max(0, total - user) / 1000);
    }
}
