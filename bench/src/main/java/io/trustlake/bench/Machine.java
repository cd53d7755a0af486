package io.trustlake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** What the results were measured on, printed with them. */
final class Machine {
    private Machine() {}

    static String describe() {
        return String.format(
                "%s; %d cores (%s); Java %s (%s); %s",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                cpuModel().orElse("unknown CPU"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                loadAverage());
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg where there is one. */
    static String loadAverage() {
        return read(Path.of("/proc/loadavg"))
                .map(text -> {
                    String[] parts = text.trim().split("\\s+", -1);
                    return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
                })
                .orElse("load average unknown");
    }

    private static Optional<String> cpuModel() {
        return read(Path.of("/proc/cpuinfo")).flatMap(text -> text.lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
