package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.id.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SphrAssemblerTest {
    private static final Set<ResultSeverityEnum> SERIOUS = Set.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);

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
        // Synthea declares US Core profiles in meta.profile; US Core is not loaded here (no package
        // download), so an unknown profile is reported as a warning instead of an error. Every
        // resource is still validated against the base R4 definitions.
        instanceValidator.setErrorForUnknownProfiles(false);
        validator = context.newValidator().registerValidatorModule(instanceValidator);
    }

    /** Hospital A releases everything but immunizations; clinic B sends the immunization as JSON. */
    private static AssembledRecord assembleTwoOrganisations(Lake lake, String requestId) {
        Set<String> allButImmunizations = new TreeSet<>(TagMapping.defaultTags());
        allButImmunizations.remove("immunizations");
        List<TaggedResource> local = lake.select(PATIENT_ID, allButImmunizations);
        List<TaggedResource> remote = new ArrayList<>();
        for (TaggedResource resource : lake.select(PATIENT_ID, Set.of("immunizations"))) {
            remote.add(TaggedResource.parse(resource.json()));
        }
        return lake.assemble(
                requestId,
                List.of(
                        new SourcePart("hospital-a", "Hospital A", local),
                        new SourcePart("clinic-b", "Clinic B", remote)));
    }

    @Test
    void theAssembledBundleValidatesAgainstFhirR4() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            AssembledRecord record = assembleTwoOrganisations(lake, Ids.newRequestId());

            ValidationResult result = validator.validateWithResult(new String(record.bytes(), UTF_8));

            assertThat(errors(result)).isEmpty();
        }
    }

    @Test
    void aResourceHeldByTwoOrganisationsAppearsOnceAndStillValidates() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            List<TaggedResource> patient = lake.select(PATIENT_ID, Set.of("demographics"));
            List<TaggedResource> copy = new ArrayList<>();
            patient.forEach(r -> copy.add(TaggedResource.parse(r.json())));
            AssembledRecord record = lake.assemble(
                    Ids.newRequestId(),
                    List.of(
                            new SourcePart("hospital-a", "Hospital A", patient),
                            new SourcePart("clinic-b", "Clinic B", copy)));

            String json = new String(record.bytes(), UTF_8);
            assertThat(record.resourceCount()).isEqualTo(patient.size());
            assertThat(json.split("\"resourceType\":\"Patient\"", -1)).hasSize(2);
            assertThat(errors(validator.validateWithResult(json))).isEmpty();
        }
    }

    /**
     * Validation messages at ERROR level or above. None are filtered (unknown profiles are made
     * warnings above): released resources are the source's JSON plus tags, conditional references
     * have become logical ones, and references to withheld resources are not errors in a collection
     * Bundle.
     */
    private static List<String> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(message -> SERIOUS.contains(message.getSeverity()))
                .map(SingleValidationMessage::toString)
                .toList();
    }

    @Test
    void theBundleIsACollectionWithIdTimestampTagsAndOneProvenancePerOrganisation() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            String requestId = Ids.newRequestId();

            AssembledRecord record = assembleTwoOrganisations(lake, requestId);

            assertThat(record.contentType()).isEqualTo("application/fhir+json");
            JsonNode bundle = Json.tree(record.bytes());
            assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
            assertThat(bundle.path("type").asText()).isEqualTo("collection");
            assertThat(bundle.path("id").asText()).isEqualTo(requestId);
            assertThat(bundle.path("timestamp").asText()).startsWith("2026-01-15T");
            List<String> bundleTags = new ArrayList<>();
            bundle.path("meta")
                    .path("tag")
                    .forEach(tag -> bundleTags.add(tag.path("code").asText()));
            assertThat(bundleTags).contains("demographics", "mental-health", "immunizations");
            List<JsonNode> provenances = new ArrayList<>();
            bundle.path("entry").forEach(entry -> {
                if (entry.path("resource").path("resourceType").asText().equals("Provenance")) {
                    provenances.add(entry.path("resource"));
                }
            });
            assertThat(provenances).hasSize(2);
            assertThat(provenances
                            .get(0)
                            .path("agent")
                            .get(0)
                            .path("who")
                            .path("reference")
                            .asText())
                    .isEqualTo("Organization/hospital-a");
            assertThat(provenances
                            .get(0)
                            .path("agent")
                            .get(0)
                            .path("who")
                            .path("display")
                            .asText())
                    .isEqualTo("Hospital A");
            assertThat(provenances.get(0).path("target")).hasSize(record.resourceCount() - 1);
            assertThat(provenances
                            .get(1)
                            .path("target")
                            .get(0)
                            .path("reference")
                            .asText())
                    .isEqualTo("urn:uuid:a1b2c3d4-0007-4e5f-8a9b-0c1d2e3f4a56");
        }
    }

    @Test
    void entriesKeepTheirUrnUuidFullUrlsSoReferencesResolveInsideTheBundle() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());

            AssembledRecord record = lake.assemble(
                    Ids.newRequestId(),
                    List.of(new SourcePart(
                            "hospital-a",
                            "Hospital A",
                            lake.select(PATIENT_ID, Set.of("demographics", "conditions", "encounters")))));

            JsonNode bundle = Json.tree(record.bytes());
            List<String> fullUrls = new ArrayList<>();
            bundle.path("entry")
                    .forEach(entry -> fullUrls.add(entry.path("fullUrl").asText()));
            assertThat(fullUrls).allMatch(url -> url.startsWith("urn:uuid:"));
            assertThat(fullUrls).contains("urn:uuid:" + Fixtures.SOURCE_PATIENT_ID);
            String text = new String(record.bytes(), UTF_8);
            assertThat(text).contains("\"reference\":\"urn:uuid:" + Fixtures.SOURCE_PATIENT_ID + "\"");
            assertThat(text)
                    .doesNotContain("Practitioner?identifier=")
                    .contains("\"type\":\"Practitioner\",\"identifier\":{\"system\":"
                            + "\"http://hl7.org/fhir/sid/us-npi\",\"value\":\"9999994397\"}");
        }
    }
}
