package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResearchExtractsTest {
    private static final Set<ResultSeverityEnum> SERIOUS = Set.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);
    private static final String RESEARCHER = "research-se:dr.lindqvist";
    private static FhirValidator validator;

    @TempDir
    Path root;

    @BeforeAll
    static void createValidator() {
        FhirContext context = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setErrorForUnknownProfiles(false);
        validator = context.newValidator().registerValidatorModule(instanceValidator);
    }

    private static List<String> errors(byte[] json) {
        return validator.validateWithResult(new String(json, UTF_8)).getMessages().stream()
                .filter(m -> SERIOUS.contains(m.getSeverity()))
                .map(SingleValidationMessage::toString)
                .toList();
    }

    private static ResearchExtracts.Manifest build(Lake lake, Zone zone, String organisation, Set<String> tags) {
        return lake.extracts()
                .build(
                        new ResearchExtracts.Request(
                                Ids.newRequestId(), zone, RESEARCHER, organisation, List.of(), List.of()),
                        List.of(new ResearchExtracts.PatientRelease(PATIENT_ID, tags)));
    }

    private static Set<String> allTags() {
        return TagMapping.defaultTags();
    }

    /** Every object in the workspace and analytics zones, by key. */
    private static Map<ObjectKey, String> zoneObjects(Path root) {
        FileSystemObjectStore store = FileSystemObjectStore.open(root.resolve("objects"));
        Map<ObjectKey, String> objects = new HashMap<>();
        for (String prefix : List.of("workspace/", "analytics/")) {
            for (ObjectKey key : store.list(prefix)) {
                objects.put(key, new String(store.get(key).orElseThrow(), UTF_8));
            }
        }
        return objects;
    }

    private static List<JsonNode> lines(byte[] ndjson) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(ndjson, UTF_8).lines().toList()) {
            lines.add(io.trustlake.common.encoding.Json.tree(line.getBytes(UTF_8)));
        }
        return lines;
    }

    @Test
    void noIdentifyingValueOfTheSourceSurvivesInAnyObjectOfEitherZone() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            build(lake, Zone.WORKSPACE, "research-se", allTags());
            build(lake, Zone.ANALYTICS, "research-se", allTags());
        }
        Set<String> identifying = SourceIdentifiers.of(io.trustlake.common.encoding.Json.tree(Fixtures.bundle()));
        assertThat(identifying).contains("Lovelace188", "Ada842", "555-123-4567", "12 Example Street", "1974-03-12");

        Map<ObjectKey, String> objects = zoneObjects(root);

        assertThat(objects).hasSizeGreaterThan(5);
        objects.forEach((key, text) -> {
            for (String value : identifying) {
                assertThat(text).as("%s must not contain %s", key, value).doesNotContain(value);
            }
            assertThat(text).doesNotContain("\"div\"", "\"name\":[", "birthPlace", PATIENT_ID);
        });
    }

    @Test
    void theWorkspaceCopyIsAValidBundleLinkedByOnePatientKeyWithShiftedDates() {
        ResearchExtracts.Manifest manifest;
        byte[] bundleBytes;
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            manifest = build(lake, Zone.WORKSPACE, "research-se", allTags());
            bundleBytes = lake.extracts()
                    .file(manifest.extractId(), manifest.files().get(0).name())
                    .orElseThrow();
        }
        assertThat(manifest.patients()).isEqualTo(1);
        assertThat(manifest.resources())
                .as("every tagged resource; Provenance has no tag")
                .isEqualTo(11);
        assertThat(errors(bundleBytes)).isEmpty();

        JsonNode bundle = io.trustlake.common.encoding.Json.tree(bundleBytes);
        Map<String, JsonNode> byType = new HashMap<>();
        bundle.path("entry")
                .forEach(e -> byType.putIfAbsent(
                        e.path("resource").path("resourceType").asText(), e));
        JsonNode patient = byType.get("Patient").path("resource");
        String patientKey = patient.path("id").asText();
        assertThat(manifest.files().get(0).name()).isEqualTo("patient-" + patientKey + ".json");
        assertThat(patient.path("birthDate").asText()).matches("19\\d\\d");
        assertThat(byType.get("Condition")
                        .path("resource")
                        .path("subject")
                        .path("reference")
                        .asText())
                .isEqualTo("urn:uuid:" + patientKey);
        assertThat(byType.get("Claim")
                        .path("resource")
                        .path("patient")
                        .path("reference")
                        .asText())
                .isEqualTo("urn:uuid:" + patientKey);

        JsonNode source = io.trustlake.common.encoding.Json.tree(Fixtures.bundle());
        Duration shift = Duration.between(
                instant(resourceOf(source, "Encounter").path("period").path("start")),
                instant(byType.get("Encounter").path("resource").path("period").path("start")));
        assertThat(shift.toDays()).isBetween(1L, (long) Pseudonyms.MAX_SHIFT_DAYS);
        Duration conditionShift = Duration.between(
                instant(resourceOf(source, "Condition").path("onsetDateTime")),
                instant(byType.get("Condition").path("resource").path("onsetDateTime")));
        assertThat(conditionShift).isEqualTo(shift);
    }

    private static JsonNode resourceOf(JsonNode bundle, String type) {
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").path("resourceType").asText().equals(type)) {
                return entry.path("resource");
            }
        }
        throw new AssertionError("no " + type);
    }

    private static Instant instant(JsonNode dateTime) {
        return java.time.OffsetDateTime.parse(dateTime.asText()).toInstant();
    }

    @Test
    void theAnalyticsCopyHasOneValidResourcePerLineWithRelativeReferences() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            ResearchExtracts.Manifest manifest = build(lake, Zone.ANALYTICS, "research-se", allTags());

            assertThat(manifest.files())
                    .extracting(ResearchExtracts.ExtractFile::name)
                    .contains("Patient.ndjson", "Condition.ndjson", "Observation.ndjson");
            String patientKey = lines(lake.extracts()
                            .file(manifest.extractId(), "Patient.ndjson")
                            .orElseThrow())
                    .get(0)
                    .path("id")
                    .asText();
            for (ResearchExtracts.ExtractFile file : manifest.files()) {
                if (file.name().endsWith(".parquet")) {
                    String table = file.name().replace(".parquet", "");
                    AnalyticsTables.QueryResult count = lake.extracts()
                            .query(manifest.extractId(), "SELECT count(*) FROM " + table)
                            .orElseThrow();
                    assertThat(((Number) count.rows().get(0).get(0)).intValue())
                            .as(file.name())
                            .isEqualTo(file.resources());
                    assertThat(manifest.files())
                            .extracting(ResearchExtracts.ExtractFile::name)
                            .contains(table + ".ndjson");
                    continue;
                }
                List<JsonNode> resources = lines(
                        lake.extracts().file(manifest.extractId(), file.name()).orElseThrow());
                assertThat(resources).hasSize(file.resources());
                for (JsonNode resource : resources) {
                    assertThat(errors(io.trustlake.common.encoding.Json.encode(resource)))
                            .as(file.name())
                            .isEmpty();
                }
            }
            JsonNode condition = lines(lake.extracts()
                            .file(manifest.extractId(), "Condition.ndjson")
                            .orElseThrow())
                    .get(0);
            assertThat(condition.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientKey);
            assertThat(condition.path("encounter").path("reference").asText()).startsWith("Encounter/");
        }
    }

    @Test
    void onlyTheReleasedTagsAreCopied() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            ResearchExtracts.Manifest manifest = build(lake, Zone.ANALYTICS, "research-se", Set.of("conditions"));

            assertThat(manifest.files())
                    .extracting(ResearchExtracts.ExtractFile::name)
                    .containsExactly("Condition.ndjson", "Condition.parquet");
            assertThat(manifest.resources()).isEqualTo(1);
            assertThatThrownBy(() -> lake.extracts().query(manifest.extractId(), "SELECT * FROM Observation"))
                    .hasMessageContaining("Observation");
            assertThat(lake.extracts().query(io.trustlake.common.id.Ids.newRequestId(), "SELECT 1"))
                    .isEmpty();
        }
    }

    @Test
    void pseudonymsLinkWithinOneOrganisationsExtractsButNotAcrossOrganisations() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            String first = build(lake, Zone.WORKSPACE, "research-se", allTags())
                    .files()
                    .get(0)
                    .name();
            String again = build(lake, Zone.WORKSPACE, "research-se", allTags())
                    .files()
                    .get(0)
                    .name();
            String other = build(lake, Zone.WORKSPACE, "research-fr", allTags())
                    .files()
                    .get(0)
                    .name();

            assertThat(again).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
        }
    }

    @Test
    void buildingExtractsLeavesTheRawZoneAndTheCatalogUnchanged() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            FileSystemObjectStore store = FileSystemObjectStore.open(root.resolve("objects"));
            Map<ObjectKey, String> rawBefore = new HashMap<>();
            store.list("raw/")
                    .forEach(key -> rawBefore.put(key, new String(store.get(key).orElseThrow(), UTF_8)));
            List<CatalogEntry> catalogBefore = lake.entries(PATIENT_ID);

            build(lake, Zone.WORKSPACE, "research-se", allTags());
            build(lake, Zone.ANALYTICS, "research-se", allTags());

            Map<ObjectKey, String> rawAfter = new HashMap<>();
            store.list("raw/")
                    .forEach(key -> rawAfter.put(key, new String(store.get(key).orElseThrow(), UTF_8)));
            assertThat(rawAfter).isEqualTo(rawBefore);
            assertThat(lake.entries(PATIENT_ID)).isEqualTo(catalogBefore);
            assertThat(store.list("curated/")).isEmpty();
            assertThat(store.list("consumer/")).isEmpty();
        }
    }

    @Test
    void extractsAreListedReadAndDeleted() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            ResearchExtracts.Manifest manifest = build(lake, Zone.ANALYTICS, "research-se", allTags());

            assertThat(lake.extracts().manifests()).containsExactly(manifest);
            assertThat(lake.extracts().file(manifest.extractId(), "../raw")).isEmpty();
            assertThat(lake.extracts().file(manifest.extractId(), "missing.ndjson"))
                    .isEmpty();
            assertThat(lake.extracts().manifest("not-an-id")).isEqualTo(Optional.empty());

            assertThat(lake.extracts().delete(manifest.extractId())).isTrue();
            assertThat(lake.extracts().manifests()).isEmpty();
            assertThat(zoneObjects(root).keySet()).extracting(ObjectKey::name).containsExactly(ResearchExtracts.ENDED);
        }
    }

    @Test
    void anExtractCannotGoToAnotherZone() {
        try (Lake lake = Fixtures.openLake(root)) {
            assertThatThrownBy(() -> build(lake, Zone.RAW, "research-se", allTags()))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            assertThatThrownBy(() -> build(lake, Zone.CONSUMER, "research-se", allTags()))
                    .isInstanceOf(LakeException.class);
        }
    }
}
