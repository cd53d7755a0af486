package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartsTest {
    @Test
    void everyPartRunsExactlyOnceAndAllHaveFinishedOnReturn() {
        AtomicInteger runs = new AtomicInteger();
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        List<Runnable> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int part = i;
            parts.add(() -> {
                runs.incrementAndGet();
                finished.add(part);
            });
        }

        Parts.run(parts);

        assertThat(runs.get()).isEqualTo(8);
        assertThat(finished).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aBusyPoolLeavesTheWorkToTheCallerInsteadOfStalling() throws Exception {
        int workers = ForkJoinPool.commonPool().getParallelism();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<Runnable> parts = List.of(
                    () -> threads.add(Thread.currentThread().getName()),
                    () -> threads.add(Thread.currentThread().getName()),
                    () -> threads.add(Thread.currentThread().getName()));

            Parts.run(parts);

            assertThat(threads).containsExactly(Thread.currentThread().getName());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailureInAnyPartIsRethrownAfterTheOthersFinished() {
        AtomicInteger finished = new AtomicInteger();
        List<Runnable> parts = List.of(
                finished::incrementAndGet,
                () -> {
                    throw new LakeException(io.trustlake.common.error.ErrorCode.TAMPERING_DETECTED, "part two");
                },
                finished::incrementAndGet);

        assertThatThrownBy(() -> Parts.run(parts))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("part two");
        assertThat(finished.get()).isEqualTo(2);
    }
}
