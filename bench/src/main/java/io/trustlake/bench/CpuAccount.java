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
    private final Map<String, Long> nativeStart;

    private CpuAccount(Function<String, String> group) {
        this.group = group;
        this.processStart = processCpuNanos();
        for (long id : threads.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        this.nativeStart = nativeThreads();
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
        nativeThreads().forEach((task, nanos) -> {
            long spent = nanos - nativeStart.getOrDefault(task, 0L);
            groups.merge(task.substring(task.indexOf(' ') + 1), spent, Long::sum);
        });
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
            return text.append(", rest ")
                    .append(Math.round(100.0 * (totalNanos - named) / totalNanos))
                    .append('%')
                    .toString();
        }
    }

    /**
     * CPU of the JVM's own threads that are no Java threads (JIT compilers, garbage collector) and of
     * RocksDB's background threads, read from Linux's /proc, by "task-id group"; empty elsewhere.
     */
    private static Map<String, Long> nativeThreads() {
        Map<String, Long> found = new LinkedHashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
            try {
                String name = java.nio.file.Files.readString(task.toPath().resolve("comm"))
                        .strip();
                String group = name.contains("Compiler")
                        ? "jit"
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")
                                ? "gc"
                                : name.startsWith("rocksdb:") ? "rocksdb-background" : "";
                if (!group.isEmpty()) {
                    String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    found.put(task.getName() + " " + group, ticks * 10_000_000L);
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended while being read
            }
        }
        return found;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
