package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.synthetic.ManifestPatient;
import io.trustlake.testkit.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The FHIR R4 façade over HTTP: a patient's rules export as valid Consents, a Consent imports as a
 * rule on the ledger, the access log exports as valid AuditEvents, and only the patient gets any of
 * it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class FhirFacadeIT {
    private static DemoAccount patient;
    private static ApiClient patientNode;
    private static String patientToken;
    private static String departmentRuleId;

    @BeforeAll
    static void start() {
        patient = patientOfThisTest();
        patientNode = TestConsortium.client(patient.organisation());
        patientToken = patientNode.login(patient.username(), patient.password());
    }

    /**
     * A patient no other acceptance test uses: not the first two (BadInputIT), not the middle one
     * (EmergencyAndRequestsIT), not the walking skeleton's, not PortalBrowserIT's; of the rest, the
     * first with data at one hospital only, else the first. Other tests that need their own patient
     * exclude this one by calling this method.
     */
    static DemoAccount patientOfThisTest() {
        List<DemoAccount> patients = TestConsortium.patients();
        Set<String> taken =
                patients.stream().limit(2).map(DemoAccount::patientId).collect(Collectors.toCollection(HashSet::new));
        taken.add(patients.get(patients.size() / 2).patientId());
        taken.add(TestConsortium.patientAtBothHospitals().patientId());
        taken.add(PortalBrowserIT.patientOfThisTest().patientId());
        Set<String> atBoth = TestConsortium.get().manifest().patients().stream()
                .filter(p -> p.hospitals().size() > 1)
                .map(ManifestPatient::patientId)
                .collect(Collectors.toSet());
        List<DemoAccount> free = patients.stream()
                .filter(p -> !taken.contains(p.patientId()))
                .sorted(Comparator.comparing((DemoAccount p) -> atBoth.contains(p.patientId())))
                .toList();
        assertThat(free)
                .as(
                        "a synthetic patient no other acceptance test uses, but all %d are taken; raise the number"
                                + " of patients in TestConsortium",
                        patients.size())
                .isNotEmpty();
        return free.get(0);
    }

    private static String consents() {
        return "/fhir/Consent?patient=" + patient.patientId();
    }

    private static String auditEvents() {
        return "/fhir/AuditEvent?patient=" + patient.patientId();
    }

    private static ApiClient.Response postConsent(String json, String token) {
        return patientNode.postRaw("/fhir/Consent", json.getBytes(StandardCharsets.UTF_8), Optional.of(token));
    }

    private static String createRule(String type, String id, String effect, List<String> tags) {
        ApiClient.Response created = patientNode.post(
                "/api/v1/patients/" + patient.patientId() + "/rules",
                Map.of(
                        "grantee",
                        Map.of("type", type, "id", id),
                        "tags",
                        tags,
                        "effect",
                        effect,
                        "validFrom",
                        "2020-01-01T00:00:00Z",
                        "validUntil",
                        "2099-01-01T00:00:00Z"),
                Optional.of(patientToken));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("ruleId").asText();
    }

    /** A Consent as a third-party app would write it: one permit for a professional. */
    private static String handWrittenConsent(String patientId, String role) {
        return """
                {"resourceType":"Consent","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "patient":{"reference":"Patient/%s"},
                 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
                 "provision":{"type":"deny","provision":[
                   {"type":"permit","period":{"start":"2024-01-01T00:00:00Z","end":"2098-01-01T00:00:00Z"},
                    "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"%s"}]},
                              "reference":{"type":"Practitioner","identifier":{"system":"urn:trustlake:user-id","value":"hosp-es:dr.ruiz"}}}],
                    "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"TREAT"}],
                    "code":[{"coding":[{"system":"urn:trustlake:tag","code":"immunizations"}]}]}]}}
                """
                .formatted(patientId, role);
    }

    private static List<JsonNode> resources(JsonNode bundle) {
        List<JsonNode> resources = new ArrayList<>();
        bundle.path("entry").forEach(entry -> resources.add(entry.get("resource")));
        return resources;
    }

    private static JsonNode byId(JsonNode bundle, String id) {
        return resources(bundle).stream()
                .filter(r -> r.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + id + " in " + bundle));
    }

    /** The AuditEvent of the access logged at {@code logIndex}. */
    private static JsonNode auditEventAt(long logIndex) {
        ApiClient.Response exported = patientNode.get(auditEvents(), Optional.of(patientToken));
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.contentType()).startsWith("application/fhir+json");
        assertThat(FhirValidation.errors(exported.body())).isEmpty();
        String position = "{\"type\":\"logIndex\",\"valueString\":\"" + logIndex + "\"}";
        return resources(exported.json()).stream()
                .filter(e -> e.toString().contains(position))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no AuditEvent at log index " + logIndex));
    }

    @Test
    @Order(1)
    void patientsRulesExportAsValidConsents() {
        departmentRuleId = createRule(
                "department", "hosp-es:cardiology", "allow", List.of("allergies", "conditions", "mental-health"));
        String organisationRuleId = createRule("organisation", "hosp-nl", "deny", List.of("billing"));
        ApiClient.Response exported = patientNode.get(consents(), Optional.of(patientToken));
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.contentType()).startsWith("application/fhir+json");
        JsonNode bundle = exported.json();
        assertThat(bundle.get("type").asText()).isEqualTo("searchset");
        assertThat(FhirValidation.errors(exported.body())).isEmpty();
        JsonNode department = byId(bundle, departmentRuleId);
        assertThat(department.at("/provision/type").asText()).isEqualTo("deny");
        assertThat(department.at("/provision/provision/0/type").asText()).isEqualTo("permit");
        assertThat(department.at("/contained/0/identifier/0/value").asText()).isEqualTo("hosp-es:cardiology");
        assertThat(department.at("/contained/0/partOf/reference").asText()).isEqualTo("Organization/hosp-es");
        assertThat(department.at("/provision/provision/0/securityLabel/0/code").asText())
                .isEqualTo("PSY");
        JsonNode organisation = byId(bundle, organisationRuleId);
        assertThat(organisation.at("/provision/provision/0/type").asText()).isEqualTo("deny");
        assertThat(organisation
                        .at("/provision/provision/0/actor/0/reference/reference")
                        .asText())
                .isEqualTo("Organization/hosp-nl");
    }

    @Test
    @Order(2)
    void importedConsentBecomesARuleOnTheLedger() {
        ApiClient.Response imported = postConsent(handWrittenConsent(patient.patientId(), "IRCP"), patientToken);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.contentType()).startsWith("application/fhir+json");
        JsonNode consent = imported.json();
        assertThat(consent.get("resourceType").asText()).isEqualTo("Consent");
        assertThat(FhirValidation.errors(imported.body())).isEmpty();
        String ruleId = consent.get("id").asText();

        JsonNode rules = patientNode
                .get("/api/v1/patients/" + patient.patientId() + "/rules", Optional.of(patientToken))
                .json()
                .get("rules");
        JsonNode rule = null;
        for (JsonNode candidate : rules) {
            if (candidate.get("ruleId").asText().equals(ruleId)) {
                rule = candidate;
            }
        }
        assertThat(rule).as("the imported rule in " + rules).isNotNull();
        assertThat(rule.at("/grantee/type").asText()).isEqualTo("professional");
        assertThat(rule.at("/grantee/id").asText()).isEqualTo("hosp-es:dr.ruiz");
        assertThat(WalkingSkeletonIT.texts(rule.get("tags"))).containsExactly("immunizations");
        assertThat(WalkingSkeletonIT.texts(rule.get("purposes"))).containsExactly("TREAT");
        assertThat(rule.get("validUntil").asText()).isEqualTo("2098-01-01T00:00:00Z");
        assertThat(byId(patientNode.get(consents(), Optional.of(patientToken)).json(), ruleId)
                        .get("status")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    @Order(3)
    void reimportingAnExportedConsentIsADuplicate() {
        JsonNode exported =
                byId(patientNode.get(consents(), Optional.of(patientToken)).json(), departmentRuleId);
        ApiClient.Response again = postConsent(exported.toString(), patientToken);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    @Order(4)
    void consentOutsideTheProfileGetsAPreciseOperationOutcome() {
        ApiClient.Response refused = postConsent(handWrittenConsent(patient.patientId(), "PRCP"), patientToken);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/fhir+json");
        assertThat(refused.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(refused.json().at("/issue/0/diagnostics").asText())
                .startsWith("Consent.provision.provision[0].actor[0].role: unknown actor role");
        assertThat(FhirValidation.errors(refused.body())).isEmpty();

        ApiClient.Response unreadable = postConsent("{\"resourceType\":\"Consent\",\"colour\":\"blue\"}", patientToken);
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().at("/issue/0/diagnostics").asText()).contains("Unknown element 'colour'");
        assertThat(unreadable.body()).doesNotContain("Exception", "io.trustlake.", "HAPI-");
    }

    @Test
    @Order(5)
    void onlyThePatientGetsTheirConsentsAndAuditEvents() {
        DemoAccount other = TestConsortium.patients().stream()
                .filter(p -> !p.patientId().equals(patient.patientId()))
                .findFirst()
                .orElseThrow();
        ApiClient otherNode = TestConsortium.client(other.organisation());
        String otherToken = otherNode.login(other.username(), other.password());
        ApiClient.Response consents = otherNode.get(consents(), Optional.of(otherToken));
        assertThat(consents.status()).as(consents.body()).isEqualTo(403);
        assertThat(otherNode.get(auditEvents(), Optional.of(otherToken)).status())
                .isEqualTo(403);
        int before = patientNode
                .get(consents(), Optional.of(patientToken))
                .json()
                .get("total")
                .asInt();
        ApiClient.Response imported = otherNode.postRaw(
                "/fhir/Consent",
                handWrittenConsent(patient.patientId(), "IRCP").getBytes(StandardCharsets.UTF_8),
                Optional.of(otherToken));
        assertThat(imported.status()).as(imported.body()).isEqualTo(403);
        assertThat(patientNode
                        .get(consents(), Optional.of(patientToken))
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(before);
        assertThat(patientNode.get(consents(), Optional.empty()).status()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void accessesExportAsValidAuditEventsWithTheirLedgerPosition() {
        ApiClient spain = TestConsortium.client("hosp-es");
        String garcia = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        ApiClient.Response access =
                spain.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(garcia));
        assertThat(access.status()).as(access.body()).isEqualTo(201);

        JsonNode event = auditEventAt(access.json().at("/ledger/logIndex").asLong());
        assertThat(event.get("resourceType").asText()).isEqualTo("AuditEvent");
        assertThat(event.get("id").asText())
                .isEqualTo(access.json().get("requestId").asText());
        assertThat(event.at("/type/code").asText()).isEqualTo("rest");
        assertThat(event.get("outcome").asText()).isEqualTo("0");
        assertThat(event.at("/agent/0/who/identifier/value").asText()).isEqualTo("hosp-es:dr.garcia");
        assertThat(event.at("/agent/0/requestor").asBoolean()).isTrue();
        assertThat(event.at("/purposeOfEvent/0/coding/0/code").asText()).isEqualTo("TREAT");
        assertThat(event.toString())
                .contains("Patient/" + patient.patientId())
                .contains("Consent/" + departmentRuleId + "/_history/1");
    }

    @Test
    @Order(7)
    void emergencyAccessExportsAsAnEmergencyOverrideAlert() {
        ApiClient spain = TestConsortium.client("hosp-es");
        String ruiz = spain.login(
                "dr.ruiz", TestConsortium.account("hosp-es", "dr.ruiz").password());
        ApiClient.Response access = spain.post(
                "/api/v1/records/" + patient.patientId(),
                Map.of("purpose", "ETREAT", "justification", "unconscious on arrival, allergies unknown"),
                Optional.of(ruiz));
        assertThat(access.status()).as(access.body()).isEqualTo(201);

        JsonNode event = auditEventAt(access.json().at("/ledger/logIndex").asLong());
        assertThat(event.at("/type/system").asText()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(event.at("/type/code").asText()).isEqualTo("110113");
        assertThat(event.at("/subtype/0/code").asText()).isEqualTo("110127");
        assertThat(event.at("/agent/0/who/identifier/value").asText()).isEqualTo("hosp-es:dr.ruiz");
        assertThat(event.toString()).contains("unconscious on arrival, allergies unknown");
    }
}
