package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.NOW;
import static io.trustlake.lake.Fixtures.SOURCE_PATIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.testkit.FreePorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The FHIR R4 REST connector against a real HAPI FHIR server on a loopback port. */
@Timeout(120)
class FhirServerConnectorTest {
    private static final int PAGE_SIZE = 5;
    private static final String SYSTEM = "hospital-fhir";

    private static TestFhirServer server;
    private static int fixtureResources;

    @TempDir
    Path root;

    @BeforeAll
    static void startServer() throws Exception {
        Bundle bundle = fixture();
        fixtureResources = bundle.getEntry().size();
        server = TestFhirServer.start(bundle, PAGE_SIZE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The Synthea-shaped fixture with the resources' own ids (not their urn:uuid full URLs). */
    private static Bundle fixture() {
        return FhirContext.forR4Cached()
                .newJsonParser()
                .setOverrideResourceIdWithBundleEntryFullUrl(false)
                .parseResource(Bundle.class, Fixtures.bundleText());
    }

    private static FhirServerConnector connector(URI base) {
        return FhirServerConnector.open(
                FhirServerConfig.of(SYSTEM, base).withPaging(PAGE_SIZE, 10).withTimeout(Duration.ofSeconds(5)),
                LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
    }

    @Test
    void ingestsThePatientsWholeRecordByFollowingNextPages() {
        try (Lake lake = Fixtures.openLake(root)) {
            int before = server.requests().size();
            IngestReport report = connector(server.baseUrl()).ingestPatient(lake, SOURCE_PATIENT_ID);

            assertThat(report).isInstanceOf(IngestReport.Accepted.class);
            IngestReport.Accepted accepted = (IngestReport.Accepted) report;
            assertThat(accepted.resourceCount()).isEqualTo(fixtureResources);
            List<String> requests =
                    server.requests().subList(before, server.requests().size());
            assertThat(requests.get(0)).contains("/Patient/" + SOURCE_PATIENT_ID + "/$everything?_count=5");
            assertThat(requests.stream().filter(r -> r.contains("_getpages")))
                    .hasSize((fixtureResources + PAGE_SIZE - 1) / PAGE_SIZE - 1);
            assertThat(lake.entries(accepted.patientId())).hasSize(fixtureResources);
        }
    }

    @Test
    void cataloguesLineageAndTagsOfEveryResource() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted =
                    (IngestReport.Accepted) connector(server.baseUrl()).ingestPatient(lake, SOURCE_PATIENT_ID);

            List<CatalogEntry> entries = lake.entries(accepted.patientId());
            assertThat(entries).allSatisfy(entry -> {
                assertThat(entry.lineage().source())
                        .isEqualTo(new Source(SYSTEM, server.baseUrl().toString()));
                assertThat(entry.lineage().sourceResourceId()).isEqualTo(entry.resourceId());
                assertThat(entry.lineage().fetchedAt()).isEqualTo(NOW);
            });
            assertThat(entries)
                    .filteredOn(entry -> entry.resourceType().equals("Condition"))
                    .allSatisfy(entry -> assertThat(entry.tags()).contains("conditions"));
            assertThat(entries)
                    .filteredOn(entry -> entry.resourceId().equals(Fixtures.DEPRESSION_ID))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.securityLabels()).containsExactly("PSY"));
        }
    }

    @Test
    void reIngestingIsIdempotentAndAChangedResourceBecomesANewVersion() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = connector(server.baseUrl());
            IngestReport.Accepted first = (IngestReport.Accepted) connector.ingestPatient(lake, SOURCE_PATIENT_ID);
            IngestReport.Accepted again = (IngestReport.Accepted) connector.ingestPatient(lake, SOURCE_PATIENT_ID);
            assertThat(again.changedCount()).isZero();
            assertThat(again.patientId()).isEqualTo(first.patientId());

            Condition changed = (Condition) fixture().getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r.getIdPart().equals(Fixtures.DEPRESSION_ID))
                    .findFirst()
                    .orElseThrow();
            changed.setRecordedDateElement(new org.hl7.fhir.r4.model.DateTimeType("2025-12-01"));
            server.put(changed);
            try {
                IngestReport.Accepted updated =
                        (IngestReport.Accepted) connector.ingestPatient(lake, SOURCE_PATIENT_ID);
                assertThat(updated.changedCount()).isEqualTo(1);
                assertThat(lake.entries(first.patientId()))
                        .hasSize(fixtureResources)
                        .filteredOn(entry -> entry.resourceId().equals(Fixtures.DEPRESSION_ID))
                        .singleElement()
                        .satisfies(entry -> assertThat(entry.version()).isEqualTo(2));
            } finally {
                server.put((Condition) fixture().getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .filter(r -> r.getIdPart().equals(Fixtures.DEPRESSION_ID))
                        .findFirst()
                        .orElseThrow());
            }
        }
    }

    @Test
    void fetchingAResourceAgainGivesExactlyTheCataloguedBytes() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = connector(server.baseUrl());
            IngestReport.Accepted accepted = (IngestReport.Accepted) connector.ingestPatient(lake, SOURCE_PATIENT_ID);

            assertThat(lake.entries(accepted.patientId())).allSatisfy(entry -> {
                SourceFetcher.Fetched fetched = connector.fetch(entry.resourceType(), entry.lineage());
                assertThat(fetched).isInstanceOf(SourceFetcher.Fetched.Found.class);
                byte[] json = ((SourceFetcher.Fetched.Found) fetched).json();
                assertThat(Hex.encode(Hashes.sha256(json))).isEqualTo(entry.sha256());
            });
        }
    }

    @Test
    void typeSearchesFetchTheSameRecordForServersWithoutEverything() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = FhirServerConnector.open(
                    FhirServerConfig.of(SYSTEM, server.baseUrl())
                            .withPaging(PAGE_SIZE, 20)
                            .withSearchTypes(List.of(
                                    "Condition",
                                    "Observation",
                                    "DiagnosticReport",
                                    "Encounter",
                                    "MedicationRequest",
                                    "Immunization",
                                    "Claim",
                                    "Provenance")),
                    LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);

            IngestReport report = connector.ingestPatient(lake, SOURCE_PATIENT_ID);

            assertThat(report).isInstanceOf(IngestReport.Accepted.class);
            assertThat(((IngestReport.Accepted) report).resourceCount()).isEqualTo(fixtureResources);
        }
    }

    @Test
    void anUnreachableServerIsRejectedAndNothingIsStored() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.consecutive(1) + "/fhir");
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = connector(nobody).ingestPatient(lake, SOURCE_PATIENT_ID);

            assertRejected(report, RejectionReason.SOURCE_UNREACHABLE, "cannot be reached");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void aServerThatAnswersTooLateIsRejected() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = FhirServerConnector.open(
                    FhirServerConfig.of(SYSTEM, server.url("/slow")).withTimeout(Duration.ofMillis(500)),
                    LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);

            IngestReport report = connector.ingestPatient(lake, SOURCE_PATIENT_ID);

            assertRejected(report, RejectionReason.SOURCE_UNREACHABLE, "did not answer within 500 ms");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void aServerThatStallsInTheMiddleOfAPageIsRejected() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = FhirServerConnector.open(
                    FhirServerConfig.of(SYSTEM, server.url("/stall")).withTimeout(Duration.ofMillis(500)),
                    LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);

            IngestReport report = connector.ingestPatient(lake, SOURCE_PATIENT_ID);

            assertRejected(report, RejectionReason.SOURCE_UNREACHABLE, "did not answer within 500 ms");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void anAnswerThatIsNotFhirIsRejected() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = connector(server.url("/html")).ingestPatient(lake, SOURCE_PATIENT_ID);

            assertRejected(report, RejectionReason.NOT_FHIR, "content type 'text/html");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void morePagesThanTheBoundAreRejectedWithNothingPartialLeft() {
        try (Lake lake = Fixtures.openLake(root)) {
            FhirServerConnector connector = FhirServerConnector.open(
                    FhirServerConfig.of(SYSTEM, server.baseUrl()).withPaging(PAGE_SIZE, 2),
                    LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);

            IngestReport report = connector.ingestPatient(lake, SOURCE_PATIENT_ID);

            assertRejected(report, RejectionReason.SOURCE_LIMIT_EXCEEDED, "more than 2 pages");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void anUnknownPatientIsRejected() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = connector(server.baseUrl()).ingestPatient(lake, "no-such-patient");

            assertRejected(report, RejectionReason.UNKNOWN_PATIENT, "HTTP 404");
            assertThat(lake.patients()).isEmpty();
        }
    }

    private static void assertRejected(IngestReport report, RejectionReason reason, String detail) {
        assertThat(report).isInstanceOf(IngestReport.Rejected.class);
        IngestReport.Rejected rejected = (IngestReport.Rejected) report;
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.detail()).contains(detail);
    }
}
