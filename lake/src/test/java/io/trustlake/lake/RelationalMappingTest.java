package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RelationalMappingTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "synthea-csv-mapping.json");

    private static String example() throws Exception {
        return Files.readString(EXAMPLE, StandardCharsets.UTF_8);
    }

    private static void assertInvalid(String mapping, String message) {
        assertThatThrownBy(() -> RelationalMapping.fromJson(mapping.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LakeException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void theDocumentedExampleMapsFiveTables() throws Exception {
        RelationalMapping mapping = RelationalMapping.fromJson(example().getBytes(StandardCharsets.UTF_8));

        assertThat(mapping.patient().table()).isEqualTo("patients");
        assertThat(mapping.resources())
                .extracting(RelationalMapping.TableMapping::resourceType)
                .containsExactly("Encounter", "Condition", "Observation", "MedicationRequest");
    }

    @Test
    void anUnknownKeyIsNamed() throws Exception {
        assertInvalid(example().replace("\"patient-column\": \"id\"", "\"patient-colum\": \"id\""), "patient-colum");
    }

    @Test
    void aTableNameThatIsNotAnIdentifierIsRefused() throws Exception {
        assertInvalid(
                example().replace("\"table\": \"conditions\"", "\"table\": \"conditions; drop table x\""),
                "must be SQL identifiers");
    }

    @Test
    void anIdExpressionWithAStatementSeparatorIsRefused() throws Exception {
        assertInvalid(example().replace("\"'condition-' || id\"", "\"id; drop table patients\""), "without ;");
    }

    @Test
    void aFieldNeedsExactlyOneOfColumnAndValue() throws Exception {
        assertInvalid(
                example()
                        .replace(
                                "{\"path\": \"intent\", \"value\": \"order\"}",
                                "{\"path\": \"intent\", \"value\": \"order\", \"column\": \"code\"}"),
                "exactly one of column and value");
    }

    @Test
    void aBadPathIsRefused() throws Exception {
        assertInvalid(example().replace("\"path\": \"gender\"", "\"path\": \"gender..x\""), "not a FHIR element path");
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        assertInvalid("{\"patient\": ", "line 1");
    }
}
