package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's options are checked before anything starts. */
class DemoCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void anExtractTimeToLiveOutsideOneMinuteTo366DaysIsRefused() {
        for (String ttl : new String[] {"PT30S", "P367D", "-PT1H"}) {
            assertThat(run("demo", "--data", dir.toString(), "--extract-ttl", ttl))
                    .as(ttl)
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--extract-ttl must be between PT1M (one minute) and P366D (366 days)");
        }
    }

    @Test
    void anExtractTimeToLiveThatIsNoDurationIsRefused() {
        assertThat(run("demo", "--data", dir.toString(), "--extract-ttl", "a day"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--extract-ttl");
    }
}
