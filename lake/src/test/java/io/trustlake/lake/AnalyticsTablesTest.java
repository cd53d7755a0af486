package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet tables from a real Synthea patient's resources, and the sandbox around researchers' SQL. */
class AnalyticsTablesTest {
    private static final Map<String, Integer> COUNTS = new TreeMap<>();
    private static final Map<String, byte[]> TABLES = new TreeMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void tablesOfARealPatient() {
        Map<String, ByteArrayOutputStream> ndjson = new TreeMap<>();
        for (JsonNode entry : Json.tree(Fixtures.realSyntheaBundle()).get("entry")) {
            JsonNode resource = entry.get("resource");
            String type = resource.get("resourceType").asText();
            ByteArrayOutputStream out = ndjson.computeIfAbsent(type, t -> new ByteArrayOutputStream());
            out.writeBytes(Json.encode(resource));
            out.write('\n');
            COUNTS.merge(type, 1, Integer::sum);
        }
        ndjson.forEach((type, out) -> TABLES.put(type, AnalyticsTables.parquet(type, out.toByteArray())));
    }

    @Test
    void everyResourceOfEveryTypeIsARowOfItsParquetTable() {
        assertThat(TABLES).hasSizeGreaterThan(5);
        for (Map.Entry<String, byte[]> table : TABLES.entrySet()) {
            assertThat(new String(table.getValue(), 0, 4, StandardCharsets.US_ASCII))
                    .as("Parquet magic")
                    .isEqualTo("PAR1");
            AnalyticsTables.QueryResult rows = AnalyticsTables.query(
                    TABLES, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM \"" + table.getKey() + "\"");
            assertThat(rows.columns()).containsExactly("n", "ids");
            assertThat(((Number) rows.rows().get(0).get(0)).intValue())
                    .as(table.getKey())
                    .isEqualTo(COUNTS.get(table.getKey()));
            assertThat(((Number) rows.rows().get(0).get(1)).intValue()).isEqualTo(COUNTS.get(table.getKey()));
        }
    }

    @Test
    void nestedElementsAreColumnsAStatisticianCanQuery() {
        AnalyticsTables.QueryResult byCode = AnalyticsTables.query(
                TABLES,
                "WITH codes AS (SELECT code.coding[1].code AS loinc FROM Observation) "
                        + "SELECT loinc, count(*) AS n FROM codes GROUP BY loinc ORDER BY n DESC, loinc;");
        assertThat(byCode.columns()).containsExactly("loinc", "n");
        assertThat(byCode.rows()).isNotEmpty();
        int total = byCode.rows().stream()
                .mapToInt(r -> ((Number) r.get(1)).intValue())
                .sum();
        assertThat(total).isEqualTo(COUNTS.get("Observation"));
        assertThat(byCode.truncated()).isFalse();
    }

    @Test
    void theQueryCannotReachFilesTheNetworkOrTheSettings() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.csv"), "name\nsomeone\n");
        for (String sql : List.of(
                "SELECT * FROM read_csv('" + secret + "')",
                "SELECT * FROM '" + secret + "'",
                "SELECT * FROM read_text('/etc/hostname')",
                "SELECT * FROM read_parquet('https://example.org/x.parquet')")) {
            assertThatThrownBy(() -> AnalyticsTables.query(TABLES, sql))
                    .as(sql)
                    .isInstanceOfSatisfying(LakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                        assertThat(e.getMessage())
                                .startsWith("the query failed: ")
                                .doesNotContain("someone");
                    });
        }
        AnalyticsTables.QueryResult settings = AnalyticsTables.query(
                TABLES,
                "SELECT current_setting('enable_external_access') AS external,"
                        + " current_setting('lock_configuration') AS locked");
        assertThat(settings.rows()).containsExactly(List.of(false, true));
    }

    @Test
    void onlyOneReadOnlyStatementIsAccepted() {
        for (String sql : List.of(
                "SELECT 1; DROP TABLE Patient",
                "SET enable_external_access = true",
                "COPY Patient TO 'x.csv'",
                "ATTACH 'other.db'",
                "INSTALL httpfs",
                "SELECT ';'",
                "   ",
                "DELETE FROM Patient")) {
            assertThatThrownBy(() -> AnalyticsTables.query(TABLES, sql))
                    .as(sql)
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(
                        () -> AnalyticsTables.query(TABLES, "SELECT 1 " + " ".repeat(AnalyticsTables.MAX_SQL_LENGTH)))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void mistakesAreExplainedInOneLine() {
        assertThatThrownBy(() -> AnalyticsTables.query(TABLES, "SELECT * FROM Encounterz"))
                .isInstanceOfSatisfying(LakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("Encounterz").doesNotContain("\n");
                });
    }

    @Test
    void resultsAreCappedAndLongQueriesStopped() {
        AnalyticsTables.QueryResult many = AnalyticsTables.query(TABLES, "SELECT range AS i FROM range(5000)");
        assertThat(many.rows()).hasSize(AnalyticsTables.MAX_ROWS);
        assertThat(many.truncated()).isTrue();
        assertThatThrownBy(() -> AnalyticsTables.query(
                        TABLES,
                        "SELECT count(*) FROM range(100000) a, range(100000) b, range(100000) c",
                        Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.getMessage()).contains("was stopped"));
    }
}
