package io.lodestone.engine.memory;

/**
 * What the process uses beyond the dataset estimate, for MEMORY STATS, MEMORY DOCTOR and INFO
 * memory. The engine alone knows only the JVM's heap; the server supplies its client buffers and
 * the resident set size.
 */
public interface ProcessMemory {
    /** Heap in use, live data and garbage not yet collected. */
    long heapUsed();

    /** Heap reserved from the operating system. */
    long heapCommitted();

    /** The process's resident set size. */
    long residentBytes();

    /** Query and output buffers of normal clients (INFO mem_clients_normal). */
    long clientBuffers();

    /** The JVM's own view: no client buffers, the committed heap as resident. */
    ProcessMemory JVM = new ProcessMemory() {
        @Override
        public long heapUsed() {
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
        }

        @Override
        public long heapCommitted() {
            return Runtime.getRuntime().totalMemory();
        }

        @Override
        public long residentBytes() {
            return heapCommitted();
        }

        @Override
        public long clientBuffers() {
            return 0;
        }
    };
}
