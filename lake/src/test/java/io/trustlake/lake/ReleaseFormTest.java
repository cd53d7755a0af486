package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReleaseFormTest {
    private static final ResourceTags TAGS =
            new ResourceTags(new TreeSet<>(List.of("conditions", "mental-health")), new TreeSet<>(List.of("PSY")));

    private static JsonNode tree(byte[] json) throws IOException {
        return FhirJson.MAPPER.readTree(json);
    }

    private static void assertSameAsTreePath(String json) throws IOException {
        byte[] bytes = json.getBytes(UTF_8);
        byte[] fast = ReleaseForm.of(bytes, 0, bytes.length, TAGS, TagMapping.defaults());
        byte[] reference = ReleaseForm.viaTree(bytes, TAGS, TagMapping.defaults());
        assertThat(tree(fast)).isEqualTo(tree(reference));
    }

    @Test
    void everyResourceOfTheSyntheaFixtureComesOutAsTheTreePathWritesIt() throws IOException {
        byte[] bundle = Fixtures.bundle();
        BundleScanner.Outcome.Scanned scanned = (BundleScanner.Outcome.Scanned) BundleScanner.scan(bundle);
        assertThat(scanned.entries()).isNotEmpty();
        for (ScannedEntry entry : scanned.entries()) {
            byte[] fast = ReleaseForm.of(bundle, entry.offset(), entry.length(), TAGS, TagMapping.defaults());
            byte[] slice = java.util.Arrays.copyOfRange(bundle, entry.offset(), entry.offset() + entry.length());
            assertThat(tree(fast)).isEqualTo(tree(ReleaseForm.viaTree(slice, TAGS, TagMapping.defaults())));
        }
    }

    @Test
    void outputIsCompactAndKeepsNumbersAsWritten() {
        byte[] json = "{ \"resourceType\" : \"Observation\",\n  \"id\": \"o1\", \"valueQuantity\": {\"value\": 0.10} }"
                .getBytes(UTF_8);
        String out = new String(ReleaseForm.of(json, 0, json.length, TAGS, TagMapping.defaults()), UTF_8);
        assertThat(out)
                .startsWith("{\"resourceType\":\"Observation\",\"id\":\"o1\",\"valueQuantity\":{\"value\":0.10}");
        assertThat(out).contains("\"meta\":{\"tag\":[{\"system\":\"urn:trustlake:tag\",\"code\":\"conditions\"}");
    }

    @Test
    void tagsAreAddedToAnExistingMetaWithoutTouchingItsProfile() throws IOException {
        assertSameAsTreePath("{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":{\"profile\":[\"x\"]}}");
        assertSameAsTreePath("{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":{}}");
    }

    @Test
    void existingTagsOrLabelsAreMergedByTheTreePath() throws IOException {
        assertSameAsTreePath("{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":{\"tag\":[{\"system\":\"s\","
                + "\"code\":\"k\"},{\"system\":\"urn:trustlake:tag\",\"code\":\"old\"}]}}");
        assertSameAsTreePath("{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"PSY\"}]}}");
    }

    @Test
    void conditionalReferencesBecomeLogicalOnes() throws IOException {
        String json = "{\"resourceType\":\"Encounter\",\"id\":\"e\",\"serviceProvider\":{\"reference\":"
                + "\"Organization?identifier=https://example.org|42\",\"display\":\"Clinic\"},"
                + "\"participant\":[{\"individual\":{\"reference\":\"Practitioner?identifier=999\"}}]}";
        assertSameAsTreePath(json);
        byte[] bytes = json.getBytes(UTF_8);
        String out = new String(ReleaseForm.of(bytes, 0, bytes.length, TAGS, TagMapping.defaults()), UTF_8);
        assertThat(out)
                .doesNotContain("?identifier=")
                .contains("{\"type\":\"Organization\",\"identifier\":{\"system\":\"https://example.org\","
                        + "\"value\":\"42\"},\"display\":\"Clinic\"}")
                .contains("{\"type\":\"Practitioner\",\"identifier\":{\"value\":\"999\"}}");
    }

    @Test
    void awkwardInputStillComesOutAsTheTreePathWritesIt() throws IOException {
        assertSameAsTreePath("{\"resourceType\":\"Encounter\",\"id\":\"e\",\"x\":{\"type\":\"T\",\"reference\":"
                + "\"Organization?identifier=a|b\"}}");
        assertSameAsTreePath("{\"resourceType\":\"Encounter\",\"id\":\"e\",\"n\\u0061me\":\"a \\\"quoted\\\" }{\"}");
        assertSameAsTreePath("{\"resourceType\":\"Encounter\",\"id\":\"e\",\"contained\":[{\"resourceType\":"
                + "\"Patient\",\"meta\":{\"tag\":[]}}],\"note\":[\"\\\"meta\\\":\"]}");
        assertSameAsTreePath("{\"resourceType\":\"Encounter\",\"id\":\"e\",\"r\":{\"reference\":"
                + "\"Organization?identifier=a\\\\b|c\"}}");
    }
}
