package io.trustlake.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs independent parts of one request at once: every part but the first is offered to the
 * common pool, the calling thread runs the first and then any part no pool thread has started,
 * and waits for the rest. So a busy pool only makes the request sequential, never stuck, and
 * nothing is left running when {@link #run} returns. The first failure is rethrown (runtime
 * exceptions and errors as they are) once every part has finished.
 */
final class Parts {
    private Parts() {}

    static void run(List<Runnable> parts) {
        if (parts.size() == 1) {
            parts.get(0).run();
            return;
        }
        List<Part> claims = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(parts.size());
        for (Runnable part : parts) {
            claims.add(new Part(part, done));
        }
        for (int i = 1; i < claims.size(); i++) {
            ForkJoinPool.commonPool().execute(claims.get(i)::runIfUnclaimed);
        }
        claims.forEach(Part::runIfUnclaimed);
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Part claim : claims) {
            if (claim.failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (claim.failure instanceof Error error) {
                throw error;
            }
        }
    }

    private static final class Part {
        private final Runnable work;
        private final CountDownLatch done;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Throwable failure;

        Part(Runnable work, CountDownLatch done) {
            this.work = work;
            this.done = done;
        }

        void runIfUnclaimed() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }
    }
}
