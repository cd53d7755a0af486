package io.trustlake.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the {@code java} launcher: a POSIX shell script that records each invocation (its
 * arguments, one line per invocation) and then behaves as told.
 */
final class FakeJava {
    private final Path script;
    private final Path invocations;

    private FakeJava(Path script, Path invocations) {
        this.script = script;
        this.invocations = invocations;
    }

    /** Prints a Synthea-like patient line, writes one FHIR bundle under the base directory, exits 0. */
    static FakeJava succeeding(Path directory) throws IOException {
        return create(
                directory,
                """
                for arg in "$@"; do
                  case "$arg" in
                    --exporter.baseDirectory=*) base="${arg#--exporter.baseDirectory=}" ;;
                  esac
                done
                echo "Running with options:"
                echo "1 -- Dead1 Person1 (90 y/o F) Boston, Massachusetts DECEASED (12)"
                echo "1 -- Fake1 Person1 (30 y/o F) Boston, Massachusetts  (34)"
                mkdir -p "$base/fhir"
                echo '{"resourceType":"Bundle","type":"transaction","entry":[]}' > "$base/fhir/Fake1_Person1_x.json"
                exit 0
                """);
    }

    /** Prints some output and exits with {@code status}. */
    static FakeJava exiting(Path directory, int status) throws IOException {
        return create(
                directory,
                """
                echo "Running with options:"
                for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do echo "noise $i"; done
                echo "Exception in thread main: simulated failure" >&2
                exit %d
                """
                        .formatted(status));
    }

    /** Never finishes on its own. */
    static FakeJava hanging(Path directory) throws IOException {
        return create(
                directory,
                """
                echo "Running with options:"
                exec sleep 600
                """);
    }

    Path executable() {
        return script;
    }

    /** The argument lines of every invocation so far. */
    List<String> invocations() throws IOException {
        return Files.exists(invocations) ? Files.readAllLines(invocations, StandardCharsets.UTF_8) : List.of();
    }

    private static FakeJava create(Path directory, String body) throws IOException {
        Files.createDirectories(directory);
        Path invocations = directory.resolve("invocations.txt");
        Path script = directory.resolve("java");
        String text = "#!/bin/sh\necho \"$*\" >> '" + invocations + "'\n" + body;
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FakeJava(script, invocations);
    }
}
