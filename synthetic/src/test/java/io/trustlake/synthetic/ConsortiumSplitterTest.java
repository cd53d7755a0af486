package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumSplitterTest {
    private static final String ES = "hosp-es";
    private static final String NL = "hosp-nl";
    private static final String PROVIDER = "Organization?identifier=https://github.com/synthetichealth/synthea|";
    private static final String FIXTURE = "Ana1_Garcia2_pat-1.json";
    private static final String HOSPITALS = "hospitalInformation1700000000000.json";
    private static final String PRACTITIONERS = "practitionerInformation1700000000000.json";

    @TempDir
    Path temp;

    private Path input;
    private Path out;
    private final ConsortiumSplitter splitter = new ConsortiumSplitter(List.of(ES, NL));

    @BeforeEach
    void copyFixture() throws IOException {
        input = Files.createDirectories(temp.resolve("fhir"));
        out = temp.resolve("consortium");
        for (String name : List.of(FIXTURE, HOSPITALS, PRACTITIONERS)) {
            try (InputStream in = getClass().getResourceAsStream("/synthea-fixture/" + name)) {
                Files.copy(in, input.resolve(name));
            }
        }
    }

    @Test
    void fixtureProvidersBelongToDifferentHospitals() {
        assertThat(splitter.hospitalOfProvider(PROVIDER + "provider-1")).isEqualTo(ES);
        assertThat(splitter.hospitalOfProvider(PROVIDER + "provider-2")).isEqualTo(NL);
    }

    @Test
    void providerAssignmentDependsOnlyOnTheIdentifierAndTheConsortium() {
        ConsortiumSplitter again = new ConsortiumSplitter(List.of(ES, NL));
        for (int i = 0; i < 50; i++) {
            assertThat(again.hospitalOfProvider(PROVIDER + "p" + i))
                    .isEqualTo(splitter.hospitalOfProvider(PROVIDER + "p" + i));
        }
        assertThat(Stream.iterate(0, i -> i + 1).limit(50).map(i -> splitter.hospitalOfProvider(PROVIDER + "p" + i)))
                .contains(ES, NL);
    }

    @Test
    void resourcesLinkedToAnEncounterGoToThatEncountersHospital() {
        Manifest manifest = split();
        String patientId = manifest.patients().get(0).patientId();

        assertThat(resourceIds(ES, patientId)).contains("enc-1", "cond-1", "doc-1", "enc-2", "obs-2");
        assertThat(resourceIds(NL, patientId)).contains("enc-3", "cond-3", "obs-3", "mr-3", "ma-3", "claim-3");
        assertThat(resourceIds(ES, patientId)).doesNotContain("enc-3", "cond-3", "obs-3", "mr-3", "ma-3", "claim-3");
        assertThat(resourceIds(NL, patientId)).doesNotContain("enc-1", "cond-1", "doc-1", "enc-2", "obs-2");
    }

    @Test
    void resourcesWithoutEncounterGoToTheHospitalWithMostEncounters() {
        String patientId = split().patients().get(0).patientId();

        assertThat(resourceIds(ES, patientId)).contains("allergy-1", "prov-1");
        assertThat(resourceIds(NL, patientId)).doesNotContain("allergy-1", "prov-1");
    }

    @Test
    void medicationFollowsTheEncounterItWasPrescribedIn() {
        String patientId = split().patients().get(0).patientId();

        assertThat(resourceIds(NL, patientId)).contains("med-3");
        assertThat(resourceIds(ES, patientId)).doesNotContain("med-3");
    }

    @Test
    void everyResourceLandsAtExactlyOneHospitalInItsOriginalOrder() {
        String patientId = split().patients().get(0).patientId();

        assertThat(resourceIds(ES, patientId))
                .containsExactly("pat-1", "enc-1", "cond-1", "doc-1", "enc-2", "obs-2", "allergy-1", "prov-1");
        assertThat(resourceIds(NL, patientId))
                .containsExactly("pat-1", "enc-3", "cond-3", "obs-3", "med-3", "mr-3", "ma-3", "claim-3");
    }

    @Test
    void patientIsEnrolledAtEveryHospitalUnderOneRandomTrustlakeId() {
        String patientId = split().patients().get(0).patientId();

        assertThat(Ids.isPatientId(patientId)).isTrue();
        for (String hospital : List.of(ES, NL)) {
            JsonNode patient = entries(hospital, patientId).get(0).path("resource");
            assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
            assertThat(patient.path("identifier").findValuesAsText("system"))
                    .containsExactly(
                            "https://github.com/synthetichealth/synthea", ConsortiumSplitter.PATIENT_ID_SYSTEM);
            assertThat(patient.path("identifier").path(1).path("value").asText())
                    .isEqualTo(patientId);
        }
    }

    @Test
    void sharesAreCollectionBundlesKeepingFullUrlsAndResourcesVerbatim() throws IOException {
        String patientId = split().patients().get(0).patientId();

        JsonNode bundle = read(out.resolve(ES).resolve(patientId + ".json"));
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.path("type").asText()).isEqualTo("collection");
        for (JsonNode entry : bundle.path("entry")) {
            assertThat(entry.has("request")).isFalse();
            assertThat(entry.path("fullUrl").asText())
                    .isEqualTo("urn:uuid:" + entry.path("resource").path("id").asText());
        }
        String text = Files.readString(out.resolve(ES).resolve(patientId + ".json"), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"valueQuantity\":{\"value\":1.50,\"unit\":\"mmol/L\"}")
                .contains("\"serviceProvider\":{\"reference\":\"" + PROVIDER
                        + "provider-1\",\"display\":\"PROVIDER ONE\"}");
    }

    @Test
    void manifestListsDemographicsHospitalsAndResourceCounts() {
        Manifest manifest = split();

        assertThat(manifest.hospitals()).containsExactly(ES, NL);
        ManifestPatient patient = manifest.patients().get(0);
        assertThat(patient.syntheaId()).isEqualTo("pat-1");
        assertThat(patient.given()).isEqualTo("Ana1");
        assertThat(patient.family()).isEqualTo("Garcia2");
        assertThat(patient.birthDate()).isEqualTo("1980-02-03");
        assertThat(patient.gender()).isEqualTo("female");
        assertThat(patient.hospitals()).containsExactly(ES, NL);
        assertThat(patient.resourceCounts()).isEqualTo(Map.of(ES, 8, NL, 8));
        assertThat(Manifest.readFrom(out)).contains(manifest);
    }

    @Test
    void manifestFileHoldsOnlyTheDocumentedFields() {
        split();

        JsonNode manifest = read(out.resolve(Manifest.FILE_NAME));
        assertThat(fieldNames(manifest)).containsExactlyInAnyOrder("hospitals", "patients");
        assertThat(fieldNames(manifest.path("patients").path(0)))
                .containsExactlyInAnyOrder(
                        "patientId",
                        "syntheaId",
                        "given",
                        "family",
                        "birthDate",
                        "gender",
                        "hospitals",
                        "resourceCounts");
    }

    @Test
    void informationBundlesAreCopiedUnchangedIntoEveryHospitalAndAreNotPatients() throws IOException {
        Manifest manifest = split();

        assertThat(manifest.patients()).hasSize(1);
        for (String hospital : List.of(ES, NL)) {
            for (String name : List.of(HOSPITALS, PRACTITIONERS)) {
                assertThat(Files.readAllBytes(out.resolve(hospital).resolve(name)))
                        .isEqualTo(Files.readAllBytes(input.resolve(name)));
            }
        }
    }

    @Test
    void rerunReusesPatientIdsAndRewritesIdenticalFiles() throws IOException {
        Manifest first = split();
        String patientId = first.patients().get(0).patientId();
        byte[] es = Files.readAllBytes(out.resolve(ES).resolve(patientId + ".json"));
        byte[] manifest = Files.readAllBytes(out.resolve(Manifest.FILE_NAME));

        Manifest second = split();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(out.resolve(ES).resolve(patientId + ".json")))
                .isEqualTo(es);
        assertThat(Files.readAllBytes(out.resolve(Manifest.FILE_NAME))).isEqualTo(manifest);
        assertThat(fileNames(out.resolve(ES))).containsExactlyInAnyOrder(patientId + ".json", HOSPITALS, PRACTITIONERS);
    }

    @Test
    void splittingWithoutAManifestAssignsFreshRandomIds() throws IOException {
        String first = split().patients().get(0).patientId();
        Files.delete(out.resolve(Manifest.FILE_NAME));

        String second = split().patients().get(0).patientId();

        assertThat(second).isNotEqualTo(first);
        assertThat(fileNames(out.resolve(ES))).containsExactlyInAnyOrder(second + ".json", HOSPITALS, PRACTITIONERS);
    }

    @Test
    void sharesOfPatientsNoLongerInTheInputAndUnfinishedSharesAreRemoved() throws IOException {
        String old = split().patients().get(0).patientId();
        Files.delete(input.resolve(FIXTURE));
        Files.writeString(input.resolve("Bo_Li_pat-2.json"), patientOnlyBundle("pat-2"));
        Files.writeString(out.resolve(NL).resolve(".p-unfinished.json.partial"), "{");
        Files.writeString(out.resolve(NL).resolve("notes.txt"), "kept");

        Manifest manifest = split();

        List<String> remaining = new ArrayList<>(fileNames(out.resolve(ES)));
        remaining.addAll(fileNames(out.resolve(NL)));
        assertThat(remaining).noneMatch(name -> name.startsWith(old) || name.endsWith(".partial"));
        assertThat(remaining).contains("notes.txt", manifest.patients().get(0).patientId() + ".json");
    }

    @Test
    void patientWithoutEncountersIsHeldByExactlyOneHospital() throws IOException {
        Files.delete(input.resolve(FIXTURE));
        Files.writeString(input.resolve("Bo_Li_pat-2.json"), patientOnlyBundle("pat-2"));

        ManifestPatient patient = split().patients().get(0);

        assertThat(patient.hospitals()).hasSize(1);
        assertThat(patient.resourceCounts()).containsValue(1);
        assertThat(resourceIds(patient.hospitals().get(0), patient.patientId())).containsExactly("pat-2");
    }

    @Test
    void progressIsReportedAfterEachPatient() throws IOException {
        Files.writeString(input.resolve("Bo_Li_pat-2.json"), patientOnlyBundle("pat-2"));
        List<Progress> reports = new ArrayList<>();

        Manifest manifest = splitter.split(input, out, reports::add);

        assertThat(reports).extracting(Progress::done).containsExactly(1, 2);
        assertThat(reports).extracting(Progress::total).containsOnly(2);
        assertThat(reports)
                .extracting(Progress::message)
                .containsExactlyElementsOf(manifest.patients().stream()
                        .map(ManifestPatient::patientId)
                        .toList());
    }

    @Test
    void bundleWithoutPatientIsRejectedNamingTheFile() throws IOException {
        Files.writeString(input.resolve("broken.json"), "{\"resourceType\":\"Bundle\",\"entry\":[]}");

        assertThatThrownBy(this::split)
                .isInstanceOfSatisfying(
                        SyntheticException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BUNDLE))
                .hasMessageContaining("broken.json");
        assertThat(out.resolve(Manifest.FILE_NAME)).doesNotExist();
    }

    @Test
    void consortiumMustListDistinctValidHospitalIds() {
        assertThatThrownBy(() -> new ConsortiumSplitter(List.of())).isInstanceOf(SyntheticException.class);
        assertThatThrownBy(() -> new ConsortiumSplitter(List.of(ES, ES))).isInstanceOf(SyntheticException.class);
        assertThatThrownBy(() -> new ConsortiumSplitter(List.of("Hosp ES"))).hasMessageContaining("organisation id");
    }

    private Manifest split() {
        return splitter.split(input, out, progress -> {});
    }

    private List<JsonNode> entries(String hospital, String patientId) {
        List<JsonNode> entries = new ArrayList<>();
        read(out.resolve(hospital).resolve(patientId + ".json")).path("entry").forEach(entries::add);
        return entries;
    }

    private List<String> resourceIds(String hospital, String patientId) {
        return entries(hospital, patientId).stream()
                .map(entry -> entry.path("resource").path("id").asText())
                .toList();
    }

    private static JsonNode read(Path file) {
        try {
            return FhirJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String patientOnlyBundle(String id) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:" + id
                + "\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + id
                + "\",\"name\":[{\"family\":\"Li\",\"given\":[\"Bo\"]}],\"gender\":\"male\",\"birthDate\":\"2001-01-01\"},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
    }
}
