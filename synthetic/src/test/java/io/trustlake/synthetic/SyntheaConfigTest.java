package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheaConfigTest {
    private final SyntheaConfig defaults = SyntheaConfig.defaults(List.of(Path.of("lib")), Clock.systemUTC());

    @Test
    void rejectsValuesSyntheaCannotRunWith() {
        assertThatThrownBy(() -> defaults.withPopulation(0)).hasMessageContaining("population");
        assertThatThrownBy(() -> defaults.withYearsOfHistory(0)).hasMessageContaining("years of history");
        assertThatThrownBy(() -> defaults.withMaxHeap("lots")).hasMessageContaining("max heap");
        assertThatThrownBy(() -> defaults.withState("--exporter.csv.export=true"))
                .hasMessageContaining("state");
        assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> SyntheaConfig.defaults(List.of(), Clock.systemUTC()))
                .isInstanceOf(SyntheticException.class)
                .hasMessageContaining("classpath is empty");
    }
}
