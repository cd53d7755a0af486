package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.common.encoding.Json;
import io.trustlake.lake.AnalyticsTables;
import io.trustlake.synthetic.ManifestPatient;
import io.trustlake.testkit.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * De-identified research extracts on a consortium with real Synthea data: a patient allows research
 * use to the research centre, another allows it only for treatment; the centre's researcher logs the
 * research accesses at the centre's node and builds workspace and analytics extracts at the Spanish
 * hospital's node; only the first patient is logged and copied, and no name, address line, postal code, telecom, identifier value or resource id of any
 * source bundle, nor the patient's exact birth date, is in any object of those zones, which still
 * validate as FHIR R4.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(600)
class ResearchExtractsIT {
    private static final String EXTRACTS = "/api/v1/research/extracts";
    private static final List<String> SECTIONS = List.of(
            "demographics",
            "allergies",
            "medications",
            "conditions",
            "lab-results",
            "vital-signs",
            "imaging",
            "procedures",
            "immunizations",
            "encounters",
            "care-plans",
            "documents",
            "devices",
            "billing");
    private static ApiClient spain;
    private static DemoAccount consenting;
    private static DemoAccount treatmentOnly;
    private static String researcher;
    private static String workspaceId;
    private static String analyticsId;
    private static JsonNode workspaceAccess;

    @BeforeAll
    static void start() {
        spain = TestConsortium.client("hosp-es");
        List<String> atSpain = TestConsortium.get().manifest().patients().stream()
                .filter(p -> p.hospitals().contains("hosp-es"))
                .map(ManifestPatient::patientId)
                .toList();
        List<DemoAccount> patients = TestConsortium.patients().stream()
                .filter(a -> atSpain.contains(a.patientId()))
                .toList();
        assertThat(patients).as("patients with data at hosp-es").hasSizeGreaterThanOrEqualTo(2);
        consenting = patients.get(patients.size() - 1);
        treatmentOnly = patients.get(patients.size() - 2);
        researcher = TestConsortium.client("research-se")
                .login(
                        "dr.lindqvist",
                        TestConsortium.account("research-se", "dr.lindqvist").password());
    }

    private static void grantResearchCentre(DemoAccount patient, List<String> purposes) {
        ApiClient node = TestConsortium.client(patient.organisation());
        String token = node.login(patient.username(), patient.password());
        ApiClient.Response created = node.post(
                "/api/v1/patients/" + patient.patientId() + "/rules",
                Map.of(
                        "grantee",
                        Map.of("type", "organisation", "id", "research-se"),
                        "tags",
                        SECTIONS,
                        "effect",
                        "allow",
                        "validFrom",
                        "2020-01-01T00:00:00Z",
                        "validUntil",
                        "2099-01-01T00:00:00Z",
                        "purposes",
                        purposes),
                Optional.of(token));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** Step 1 at the researcher's own node: log the research accesses to the Spanish hospital's patients. */
    private static JsonNode logAccess() {
        ApiClient.Response logged = TestConsortium.client("research-se")
                .post("/api/v1/research/access", Map.of("holder", "hosp-es"), Optional.of(researcher));
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        return logged.json();
    }

    /** Step 2 at the holding node. */
    private static ApiClient.Response build(String zone, String token, JsonNode logged) {
        List<String> requests = new java.util.ArrayList<>();
        logged.path("accessRequests").forEach(id -> requests.add(id.asText()));
        return spain.post(
                EXTRACTS,
                Map.of(
                        "zone", zone,
                        "accessRequests", requests,
                        "blockNumber", logged.path("blockNumber").asLong()),
                Optional.of(token));
    }

    private static ApiClient.Response build(String zone, String token) {
        return spain.post(EXTRACTS, Map.of("zone", zone, "accessRequests", List.of("x")), Optional.of(token));
    }

    @Test
    @Order(1)
    void onlyResearchersMayBuildAndOnlyIntoTheTwoZones() {
        String professional = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        ApiClient.Response refused = build("workspace", professional);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("message").asText()).contains("only researchers");

        ApiClient.Response atAnotherNode =
                spain.post("/api/v1/research/access", Map.of("holder", "hosp-es"), Optional.of(researcher));
        assertThat(atAnotherNode.status()).isEqualTo(403);
        assertThat(atAnotherNode.json().path("message").asText()).contains("your own organisation");
        ApiClient.Response forged = build("workspace", researcher);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("message").asText()).contains("not a granted research access of yours");

        ApiClient.Response badZone = build("raw", researcher);
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().path("message").asText()).isEqualTo("zone must be workspace or analytics");
        assertThat(spain.post(EXTRACTS, Map.of("zone", "workspace"), Optional.empty())
                        .status())
                .isEqualTo(401);
    }

    @Test
    @Order(2)
    void theExtractHoldsOnlyPatientsWhoseRulesAllowResearchAndEachAccessIsLogged() {
        grantResearchCentre(consenting, List.of("HRESCH"));
        grantResearchCentre(treatmentOnly, List.of("TREAT"));
        awaitRulesAtTheResearchCentre();

        JsonNode first = logAccess();
        assertThat(first.path("patientsHeld").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(first.path("patientsLogged").asInt()).isEqualTo(1);
        assertThat(first.path("accessRequests")).hasSize(1);
        ApiClient.Response workspace = build("workspace", researcher, first);
        assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
        assertThat(workspace.json().path("patientsIncluded").asInt()).isEqualTo(1);
        workspaceId = workspace.json().at("/manifest/extractId").asText();
        workspaceAccess = first;
        ApiClient.Response reused = build("analytics", researcher, first);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().path("message").asText()).contains("already used");
        ApiClient.Response analytics = build("analytics", researcher, logAccess());
        assertThat(analytics.status()).as(analytics.body()).isEqualTo(201);
        analyticsId = analytics.json().at("/manifest/extractId").asText();
        assertThat(analytics.json().at("/manifest/resources").asInt())
                .isEqualTo(workspace.json().at("/manifest/resources").asInt())
                .isPositive();
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(
                                workspace.json().at("/manifest/createdAt").asText()),
                        java.time.Instant.parse(
                                workspace.json().at("/manifest/expiresAt").asText())))
                .as("the consortium's extract time-to-live reaches the node")
                .isEqualTo(TestConsortium.EXTRACT_TIME_TO_LIVE);

        assertThat(researchAccesses(consenting)).hasSize(2);
        assertThat(researchAccesses(treatmentOnly)).isEmpty();
    }

    /** The rules are written at the patients' own nodes; wait until the research centre's replica has them. */
    private static void awaitRulesAtTheResearchCentre() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode health = TestConsortium.client("research-se")
                    .get("/health", Optional.empty())
                    .json();
            JsonNode other = TestConsortium.client(consenting.organisation())
                    .get("/health", Optional.empty())
                    .json();
            if (health.path("ledgerHeight").asLong()
                    >= other.path("ledgerHeight").asLong()) {
                return;
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The patient's audit-trail entries for research by the centre's researcher (waits for replication). */
    private static List<JsonNode> researchAccesses(DemoAccount patient) {
        ApiClient node = TestConsortium.client(patient.organisation());
        String token = node.login(patient.username(), patient.password());
        List<JsonNode> found = List.of();
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            JsonNode audit = node.get("/api/v1/patients/" + patient.patientId() + "/audit", Optional.of(token))
                    .json();
            found = Stream.of(audit.path("entries"), audit)
                    .filter(JsonNode::isArray)
                    .flatMap(array -> java.util.stream.StreamSupport.stream(array.spliterator(), false))
                    .filter(e -> e.toString().contains("HRESCH") && e.toString().contains("research-se:dr.lindqvist"))
                    .toList();
            if (found.size() >= 2 || patient.equals(treatmentOnly)) {
                return found;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        return found;
    }

    @Test
    @Order(3)
    void noIdentifyingValueOfAnySourceBundleIsInAnyObjectOfTheZones() {
        Path sources = TestConsortium.get().consortium().layout().sources().resolve("hosp-es");
        Set<String> identifying = new TreeSet<>();
        String birthDate = "";
        for (Path file : jsonFiles(sources)) {
            JsonNode bundle = Json.tree(read(file));
            identifying.addAll(SyntheaIdentifiers.of(bundle));
            birthDate = SyntheaIdentifiers.birthDateOf(bundle, consenting.patientId())
                    .orElse(birthDate);
        }
        assertThat(birthDate).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(identifying).hasSizeGreaterThan(50);

        Map<Path, String> objects = zoneObjects();
        assertThat(objects.keySet().stream().map(p -> p.getFileName().toString()))
                .contains("manifest.json", "Patient.ndjson", "Condition.ndjson", "Patient.parquet");
        for (Map.Entry<Path, String> object : objects.entrySet()) {
            String text = object.getValue();
            assertThat(text).as("%s", object.getKey()).doesNotContain(birthDate, "\"div\"");
            for (String value : identifying) {
                assertThat(text)
                        .as("%s must not contain %s", object.getKey(), value)
                        .doesNotContain(value);
            }
        }
    }

    @Test
    @Order(4)
    void theCopiesAreValidFhirR4() {
        Map<Path, String> objects = zoneObjects();
        for (Map.Entry<Path, String> object : objects.entrySet()) {
            String name = object.getKey().getFileName().toString();
            if (name.startsWith("patient-")) {
                assertThat(FhirValidation.errors(object.getValue())).as(name).isEmpty();
            } else if (name.endsWith(".ndjson")) {
                object.getValue().lines().limit(100).forEach(line -> assertThat(FhirValidation.errors(line))
                        .as(name)
                        .isEmpty());
            }
        }
    }

    @Test
    @Order(5)
    void onlyTheResearcherReadsTheDataAndMayDeleteIt() {
        JsonNode manifest =
                spain.get(EXTRACTS + "/" + workspaceId, Optional.of(researcher)).json();
        String file = manifest.at("/files/0/name").asText();
        assertThat(file).startsWith("patient-").endsWith(".json");
        ApiClient.Response read = spain.get(EXTRACTS + "/" + workspaceId + "/files/" + file, Optional.of(researcher));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.contentType()).startsWith("application/fhir+json");
        assertThat(read.json().path("type").asText()).isEqualTo("collection");

        String professional = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        assertThat(spain.get(EXTRACTS + "/" + workspaceId + "/files/" + file, Optional.of(professional))
                        .status())
                .isEqualTo(403);
        assertThat(spain.get(EXTRACTS, Optional.of(professional)).json().path("extracts"))
                .isEmpty();
        assertThat(spain.get(EXTRACTS, Optional.of(researcher)).json().path("extracts"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(spain.get(EXTRACTS + "/" + analyticsId + "/files/Patient.ndjson", Optional.of(researcher))
                        .contentType())
                .startsWith("application/fhir+ndjson");

        assertThat(spain.delete(EXTRACTS + "/" + workspaceId, Optional.of(researcher))
                        .status())
                .isEqualTo(204);
        assertThat(spain.get(EXTRACTS + "/" + workspaceId, Optional.of(researcher))
                        .status())
                .isEqualTo(404);
        ApiClient.Response again = build("workspace", researcher, workspaceAccess);
        assertThat(again.status())
                .as("a deleted extract's access entries stay used")
                .isEqualTo(409);
    }

    @Test
    @Order(6)
    void theResearcherRunsSqlOverTheAnalyticsTablesAndNothingElse() {
        JsonNode manifest =
                spain.get(EXTRACTS + "/" + analyticsId, Optional.of(researcher)).json();
        int patients = 0;
        for (JsonNode file : manifest.get("files")) {
            if (file.get("name").asText().equals("Patient.parquet")) {
                patients = file.get("resources").asInt();
            }
        }
        assertThat(patients).isPositive();
        ApiClient.Response parquet =
                spain.get(EXTRACTS + "/" + analyticsId + "/files/Patient.parquet", Optional.of(researcher));
        assertThat(parquet.status()).isEqualTo(200);
        assertThat(parquet.contentType()).startsWith("application/vnd.apache.parquet");

        ApiClient.Response counted = spain.post(
                EXTRACTS + "/" + analyticsId + "/query",
                Map.of("sql", "SELECT count(*) AS patients, count(DISTINCT gender) AS genders FROM Patient"),
                Optional.of(researcher));
        assertThat(counted.status()).as(counted.body()).isEqualTo(200);
        assertThat(counted.json().at("/columns/0").asText()).isEqualTo("patients");
        assertThat(counted.json().at("/rows/0/0").asInt()).isEqualTo(patients);
        assertThat(counted.json().path("truncated").asBoolean()).isFalse();

        ApiClient.Response escape = spain.post(
                EXTRACTS + "/" + analyticsId + "/query",
                Map.of("sql", "SELECT * FROM read_text('/etc/hostname')"),
                Optional.of(researcher));
        assertThat(escape.status()).isEqualTo(400);
        assertThat(escape.json().path("message").asText()).startsWith("the query failed:");
        ApiClient.Response write = spain.post(
                EXTRACTS + "/" + analyticsId + "/query", Map.of("sql", "DROP TABLE Patient"), Optional.of(researcher));
        assertThat(write.status()).isEqualTo(400);

        String professional = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        assertThat(spain.post(
                                EXTRACTS + "/" + analyticsId + "/query",
                                Map.of("sql", "SELECT count(*) FROM Patient"),
                                Optional.of(professional))
                        .status())
                .isEqualTo(403);
    }

    /** A file's text; for a (compressed) Parquet table, its rows as DuckDB reads them. */
    private static String textOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".parquet")) {
            return new String(read(file), StandardCharsets.UTF_8);
        }
        String table = name.substring(0, name.length() - ".parquet".length());
        return AnalyticsTables.query(Map.of(table, read(file)), "SELECT * FROM " + table)
                .rows()
                .toString();
    }

    private static Map<Path, String> zoneObjects() {
        Path objects =
                TestConsortium.get().consortium().layout().lake("hosp-es").resolve("objects");
        Map<Path, String> found = new TreeMap<>();
        for (String zone : List.of("workspace", "analytics")) {
            Path directory = objects.resolve(zone);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.filter(Files::isRegularFile).forEach(file -> found.put(file, textOf(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
