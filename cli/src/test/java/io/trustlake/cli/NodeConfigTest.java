package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    private static final String NODE =
            """
            {"consortium": "c", "organisation": "hosp-a", "host": "127.0.0.1", "port": 8080,
             "raft": [{"id": "hosp-a", "address": "127.0.0.1:9080"}],
             "endpoints": {"hosp-a": "http://127.0.0.1:8080"}, "raftListenPort": 0 %s}
            """;

    @TempDir
    Path dir;

    private Path write(String extra) throws IOException {
        Path file = dir.resolve("hosp-a.json");
        Files.writeString(file, NODE.formatted(extra));
        return file;
    }

    @Test
    void researchExtractsLiveADayUnlessTheNodeSaysOtherwise() throws IOException {
        assertThat(NodeConfig.read(write("")).researchExtractTimeToLiveOrDefault())
                .isEqualTo(Duration.ofDays(1));
        assertThat(NodeConfig.read(write(", \"researchExtractTimeToLive\": \"PT72H\""))
                        .researchExtractTimeToLiveOrDefault())
                .isEqualTo(Duration.ofDays(3));
    }

    @Test
    void anExtractTimeToLiveOutOfRangeStopsTheNode() throws IOException {
        Path file = write(", \"researchExtractTimeToLive\": \"PT10S\"");

        assertThatThrownBy(() -> NodeConfig.read(file)).isInstanceOfSatisfying(TrustlakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage())
                    .isEqualTo("hosp-a.json: researchExtractTimeToLive must be between one minute (PT1M)"
                            + " and 366 days (P366D)");
        });
    }

    @Test
    void anExtractTimeToLiveThatIsNotADurationIsNamed() throws IOException {
        Path file = write(", \"researchExtractTimeToLive\": \"a day\"");

        assertThatThrownBy(() -> NodeConfig.read(file))
                .isInstanceOfSatisfying(TrustlakeException.class, e -> assertThat(e.getMessage())
                        .contains("researchExtractTimeToLive"));
    }
}
