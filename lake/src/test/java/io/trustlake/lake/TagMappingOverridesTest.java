package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagMappingOverridesTest {
    private static final String OVERRIDES =
            """
            {"tags": ["ent", "respiratory-infections"],
             "types": {"Claim": "", "Immunization": "ent", "VisionPrescription": "ent"},
             "categorised": {"Observation": {"categories": [
                 {"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                  "code": "vital-signs", "tag": "vital-signs"}], "otherwise": ""}},
             "sensitive": [
                 {"tag": "respiratory-infections", "label": "RESPINF", "display": "respiratory infection",
                  "codes": {"http://snomed.info/sct": ["444814009"]}},
                 {"tag": "mental-health", "prefixes": {"urn:hospital-a:codes": ["PSY-"]}}]}
            """;

    @TempDir
    Path root;

    private static TagMapping mapping(String json) {
        return TagMapping.defaultsWith(json.getBytes(UTF_8));
    }

    private static Map<String, List<String>> tagsByResource(List<CatalogEntry> entries) {
        return entries.stream()
                .collect(Collectors.toMap(
                        entry -> entry.resourceType() + "/" + entry.resourceId().substring(0, 13), CatalogEntry::tags));
    }

    @Test
    void ingestionWithOverridesTagsByTheOrganisationsMapping() {
        try (Lake lake = Lake.open(
                Fixtures.config(root), FileSystemObjectStore.open(root.resolve("objects")), mapping(OVERRIDES))) {
            assertThat(lake.ingest(SOURCE, Fixtures.bundle())).isInstanceOf(IngestReport.Accepted.class);

            Map<String, List<String>> tags = tagsByResource(lake.entries(PATIENT_ID));
            assertThat(tags)
                    .containsEntry("Claim/a1b2c3d4-0008", List.of())
                    .containsEntry("Immunization/a1b2c3d4-0007", List.of("ent"))
                    .containsEntry("Observation/a1b2c3d4-0005", List.of())
                    .containsEntry("Observation/a1b2c3d4-0004", List.of("vital-signs"))
                    .containsEntry("Condition/a1b2c3d4-0002", List.of("conditions", "respiratory-infections"))
                    .containsEntry("Condition/a1b2c3d4-0003", List.of("conditions", "mental-health"))
                    .containsEntry("Patient/6f2c4b1e-8d3a", List.of("demographics"));
            CatalogEntry sinusitis = lake.entries(PATIENT_ID).stream()
                    .filter(entry -> entry.resourceId().startsWith("a1b2c3d4-0002"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sinusitis.securityLabels()).containsExactly("RESPINF");
        }
    }

    @Test
    void anExtendedOverlayMatchesItsNewCodesAndKeepsTheDefaultOnes() {
        TagMapping mapping = mapping(OVERRIDES);
        String local = "{\"resourceType\":\"Condition\",\"id\":\"x\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:hospital-a:codes\",\"code\":\"PSY-12\"}]}}";
        String depression = "{\"resourceType\":\"Condition\",\"id\":\"x\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://snomed.info/sct\",\"code\":\"370143000\"}]}}";

        assertThat(mapping.tag(local.getBytes(UTF_8)).tags()).containsExactly("conditions", "mental-health");
        assertThat(mapping.tag(depression.getBytes(UTF_8)).securityLabels()).containsExactly("PSY");
        assertThat(mapping.allTags()).contains("ent", "respiratory-infections");
        assertThat(TagMapping.defaults().tag(local.getBytes(UTF_8)).tags()).containsExactly("conditions");
    }

    @Test
    void anEmptyOverrideIsTheDefaultMapping() {
        assertThat(mapping("{}").allTags()).isEqualTo(TagMapping.defaultTags());
    }

    @Test
    void badOverridesAreRefusedNamingTheEntry() {
        assertRefused(
                "{\"types\": {\"Patient\": \"demografics\"}}", "tagMapping.types.Patient: unknown tag 'demografics'");
        assertRefused("{\"types\": {\"Pateint\": \"demographics\"}}", "'Pateint' is not a FHIR R4 resource type");
        assertRefused("{\"types\": {\"Patient\": 3}}", "tagMapping.types.Patient: must be a string");
        assertRefused("{\"types\": {\"Patient\": \"mental-health\"}}", "is a sensitive overlay");
        assertRefused("{\"tag\": []}", "tagMapping: unknown key 'tag'");
        assertRefused("{\"tags\": [\"Bad Tag\"]}", "tagMapping.tags[0]: 'Bad Tag' is not a valid tag");
        assertRefused("{\"tags\": [\"billing\"]}", "'billing' is already a tag");
        assertRefused(
                "{\"categorised\": {\"Observation\": {\"categories\": [{\"system\": \"s\", \"tag\": \"imaging\"}]}}}",
                "tagMapping.categorised.Observation.categories[0].code: is missing");
        assertRefused(
                "{\"tags\": [\"hiv\"], \"sensitive\": [{\"tag\": \"hiv\", \"label\": \"hiv\", \"display\": \"HIV\","
                        + " \"codes\": {\"http://snomed.info/sct\": [\"86406008\"]}}]}",
                "tagMapping.sensitive[0].label: must be a v3-ActCode sensitivity code");
        assertRefused(
                "{\"tags\": [\"hiv\"], \"sensitive\": [{\"tag\": \"hiv\", \"label\": \"HIV\", \"display\": \"HIV\"}]}",
                "tagMapping.sensitive[0]: a new sensitive overlay needs codes or prefixes");
        assertRefused(
                "{\"sensitive\": [{\"tag\": \"genetics\", \"label\": \"PSY\"}]}",
                "the label of genetics is GDIS and cannot be changed");
        assertRefused(
                "{\"tags\": [\"ent\"], \"types\": {\"Device\": \"ent\"}, \"sensitive\": [{\"tag\": \"ent\","
                        + " \"label\": \"ENT\", \"display\": \"ear\", \"codes\": {\"s\": [\"1\"]}}]}",
                "'ent' is already a resource type's tag");
        assertRefused("[1, 2]", "tagMapping: must be a JSON object");
        assertRefused("{\"types\": ", "tagMapping: is not valid JSON");
    }

    private static void assertRefused(String json, String problem) {
        assertThatThrownBy(() -> mapping(json)).isInstanceOfSatisfying(LakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).contains(problem);
        });
    }
}
