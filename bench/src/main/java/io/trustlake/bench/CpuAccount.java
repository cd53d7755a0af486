package io.trustlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time this process spends between two points, in total and per group of threads (grouped by a
 * function of the thread's name). On a machine shared with other work, wall-clock rates depend on
 * what else runs; the CPU a unit of work costs does not, so it is the figure to compare runs by.
 * Threads that end between the two points are counted in the total only.
 */
final class CpuAccount {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> group;
    private final long processStart;
    private final Map<Long, Long> threadStart = new LinkedHashMap<>();

    private CpuAccount(Function<String, String> group) {
        this.group = group;
        this.processStart = processCpuNanos();
        for (long id : threads.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /** Starts counting now; {@code group} names the group a thread's CPU belongs to. */
    static CpuAccount start(Function<String, String> group) {
        return new CpuAccount(group);
    }

    /** CPU spent since the start: total and per group, in nanoseconds. */
    Spent spent() {
        long total = processCpuNanos() - processStart;
        Map<String, Long> groups = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long spent = now - threadStart.getOrDefault(info.getThreadId(), 0L);
            groups.merge(group.apply(info.getThreadName()), spent, Long::sum);
        }
        return new Spent(total, groups);
    }

    /** Total process CPU (every thread, including the JIT compiler and the garbage collector). */
    record Spent(long totalNanos, Map<String, Long> groupNanos) {
        Spent {
            groupNanos = Map.copyOf(groupNanos);
        }

        /** Each of {@code order}'s groups as a share of the total, e.g. "deliver 61%, raft 20%". */
        String shares(List<String> order) {
            StringBuilder text = new StringBuilder();
            long named = 0;
            for (String name : order) {
                long nanos = groupNanos.getOrDefault(name, 0L);
                named += nanos;
                text.append(text.length() == 0 ? "" : ", ")
                        .append(name)
                        .append(' ')
                        .append(Math.round(100.0 * nanos / totalNanos))
                        .append('%');
            }
            return text.append(", rest (JIT, GC, other threads) ")
                    .append(Math.round(100.0 * (totalNanos - named) / totalNanos))
                    .append('%')
                    .toString();
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
