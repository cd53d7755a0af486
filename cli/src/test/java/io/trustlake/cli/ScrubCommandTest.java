package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.testkit.FreePorts;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustlake scrub} on a one-organisation consortium: a deleted raw object comes back from its
 * bundle file (exit 0); when the bundle file is gone too, it is reported with exit code 5.
 */
@Timeout(180)
class ScrubCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void aDeletedRawObjectIsRestoredAndAGoneSourceIsReported() throws Exception {
        Path consortium = dir.resolve("c");
        int ports = FreePorts.consecutive(2);
        assertThat(run(
                        "init",
                        "--dir",
                        consortium.toString(),
                        "--consortium",
                        "test",
                        "--node",
                        "hosp-a=127.0.0.1:" + ports + ":" + (ports + 1)))
                .as(err.toString())
                .isZero();
        String node = consortium.resolve("hosp-a.json").toString();
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path bundle = bundles.resolve("a.json");
        try (InputStream in = getClass().getResourceAsStream("/io/trustlake/lake/synthea-patient.json")) {
            Files.write(bundle, in.readAllBytes());
        }
        assertThat(run("ingest", "--config", node, "--bundles", bundles.toString()))
                .as(err.toString())
                .isZero();
        Path raw = objectsIn(consortium, "raw").get(0);
        byte[] original = Files.readAllBytes(raw);

        Files.delete(raw);
        int repaired = run("scrub", "--config", node);

        assertThat(repaired).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("repaired raw/" + raw.getFileName() + " (missing")
                .contains("1 raw objects checked: 0 healthy, 1 repaired, 0 not repairable; 0 release copies rebuilt.");
        assertThat(Files.readAllBytes(raw)).isEqualTo(original);

        Path copy = objectsIn(consortium, "structured").get(0);
        byte[] copyBytes = Files.readAllBytes(copy);
        Files.delete(copy);
        assertThat(run("scrub", "--config", node)).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("rebuilt release copy structured/" + copy.getFileName())
                .contains("1 raw objects checked: 1 healthy, 0 repaired, 0 not repairable; 1 release copies rebuilt.");
        assertThat(Files.readAllBytes(copy)).isEqualTo(copyBytes);

        Files.delete(raw);
        Files.delete(bundle);
        int unrepairable = run("scrub", "--config", node);

        assertThat(unrepairable).isEqualTo(ScrubCommand.UNREPAIRABLE);
        assertThat(out.toString())
                .contains("NOT REPAIRED raw/" + raw.getFileName() + " (missing)")
                .contains("is gone")
                .contains("1 raw objects checked: 0 healthy, 0 repaired, 1 not repairable; 0 release copies rebuilt.");
        assertThat(Files.exists(raw)).isFalse();
    }

    /** The one object of a zone (the test ingests one bundle). */
    private static List<Path> objectsIn(Path consortium, String zone) throws Exception {
        try (Stream<Path> files = Files.walk(consortium)) {
            List<Path> objects = files.filter(Files::isRegularFile)
                    .filter(file -> file.getParent().getFileName().toString().equals(zone))
                    .toList();
            assertThat(objects).hasSize(1);
            return objects;
        }
    }
}
