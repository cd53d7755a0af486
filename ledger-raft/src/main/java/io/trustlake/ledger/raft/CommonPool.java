package io.trustlake.ledger.raft;

import java.util.concurrent.ForkJoinPool;

/**
 * Ratis continues some of its work (a follower's handling of appended entries, among others) with
 * {@code CompletableFuture}'s {@code *Async} methods without an executor. Those run on the JVM's
 * common pool, but when that pool has fewer than two threads, which is the default on a machine with
 * two processors or fewer, {@code CompletableFuture} starts a new thread for every such task instead:
 * thousands of threads a second under load. A process that runs a Raft peer therefore asks for a
 * common pool of at least two threads before anything uses it.
 */
public final class CommonPool {
    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {}

    /**
     * Sets the common pool's parallelism to 2 unless it was configured; effective only when called
     * before the common pool or {@code CompletableFuture} is first used (first thing in {@code main}).
     */
    public static void ensureParallel() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(PARALLELISM, "2");
        }
    }

    /** True when {@code CompletableFuture}'s async tasks run on the common pool, not on a thread each. */
    static boolean isParallel() {
        return ForkJoinPool.getCommonPoolParallelism() > 1;
    }
}
