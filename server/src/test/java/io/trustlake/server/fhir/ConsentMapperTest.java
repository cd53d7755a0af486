package io.trustlake.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.server.fhir.ConsentImport.Reason;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ConsentMapperTest {
    private static final String NEW_ID = "newidnewidnewidnewidnewid2";

    private static Consent exported(Rule rule) {
        return parsed(FhirResources.encode(ConsentMapper.toConsent(rule)));
    }

    private static Consent parsed(String json) {
        return ((FhirResources.Parsed.Read<Consent>) FhirResources.parse(json, Consent.class)).resource();
    }

    private static ConsentImport imported(Consent consent) {
        return ConsentMapper.toRuleDrafts(consent, () -> NEW_ID);
    }

    private static List<RuleDraft> drafts(Consent consent) {
        ConsentImport result = imported(consent);
        assertThat(result).isInstanceOf(ConsentImport.Rules.class);
        return ((ConsentImport.Rules) result).drafts();
    }

    /** Exports the department rule, breaks it with {@code change}, and expects a rejection. */
    private static ConsentImport.Rejected rejectedAfter(Consumer<Consent> change) {
        Consent consent = exported(Fixtures.departmentAllow());
        change.accept(consent);
        ConsentImport result = imported(consent);
        assertThat(result).isInstanceOf(ConsentImport.Rejected.class);
        return (ConsentImport.Rejected) result;
    }

    private static Consent.ProvisionComponent rule(Consent consent) {
        return consent.getProvision().getProvision().get(0);
    }

    @Test
    void everyKindOfRuleExportsAsAValidConsent() {
        List<Rule> rules = List.of(
                Fixtures.departmentAllow(),
                Fixtures.rule(
                        new Grantee(Grantee.Type.PROFESSIONAL, "hosp-es:dr.garcia"),
                        Effect.DENY,
                        List.of("genetics", "sexual-health", "substance-use"),
                        List.of()),
                Fixtures.rule(
                        new Grantee(Grantee.Type.ORGANISATION, "hosp-nl"),
                        Effect.ALLOW,
                        List.of("encounters", "my-own-tag"),
                        List.of("ETREAT", "HRESCH", "PATRQT", "TREAT")),
                Fixtures.departmentAllow().revoked("hosp-es:patient", Fixtures.CHANGED, 43));
        for (Rule rule : rules) {
            String json = FhirResources.encode(ConsentMapper.toConsent(rule));
            assertThat(FhirValidation.errors(json)).as(json).isEmpty();
        }
    }

    @Test
    void searchsetOfConsentsValidates() {
        String json = FhirResources.encode(FhirResources.searchset(
                List.of(
                        ConsentMapper.toConsent(Fixtures.departmentAllow()),
                        ConsentMapper.toConsent(Fixtures.rule(
                                "bcdefghijkmnpqrstuvwxyz234",
                                new Grantee(Grantee.Type.ORGANISATION, "hosp-nl"),
                                Effect.DENY,
                                List.of("billing"),
                                List.of()))),
                "http://localhost:8080/fhir",
                "http://localhost:8080/fhir/Consent?patient=" + Fixtures.PATIENT));
        assertThat(FhirValidation.errors(json)).as(json).isEmpty();
    }

    @Test
    void ruleBecomesANestedProvisionUnderARootDeny() {
        Consent consent = exported(Fixtures.departmentAllow());
        assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(consent.getIdElement().getIdPart()).isEqualTo(Fixtures.RULE);
        assertThat(consent.getMeta().getVersionId()).isEqualTo("1");
        assertThat(consent.getIdentifierFirstRep().getSystem()).isEqualTo("urn:trustlake:rule-id");
        assertThat(consent.getPatient().getReference()).isEqualTo("Patient/" + Fixtures.PATIENT);
        assertThat(consent.getPolicyRule().getCodingFirstRep().getCode()).isEqualTo("OPTIN");
        assertThat(consent.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        Consent.ProvisionComponent rule = rule(consent);
        assertThat(rule.getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
        assertThat(rule.getActorFirstRep().getRole().getCodingFirstRep().getCode())
                .isEqualTo("IRCP");
        assertThat(rule.getPurpose()).extracting(Coding::getCode).containsExactly("TREAT");
        assertThat(rule.getCode())
                .extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("allergies", "conditions", "mental-health");
        assertThat(rule.getSecurityLabel()).extracting(Coding::getCode).containsExactly("PSY");
        assertThat(rule.getPeriod().getEndElement().getValueAsString()).isEqualTo("2030-06-30T12:30:15.123456Z");
    }

    @Test
    void departmentIsAContainedOrganizationPartOfItsOrganisation() {
        Consent consent = exported(Fixtures.departmentAllow());
        assertThat(rule(consent).getActorFirstRep().getReference().getReference())
                .isEqualTo("#department");
        Organization department = (Organization) consent.getContained().get(0);
        assertThat(department.getIdentifierFirstRep().getValue()).isEqualTo("hosp-es:cardiology");
        assertThat(department.getPartOf().getReference()).isEqualTo("Organization/hosp-es");
    }

    @Test
    void revokedRuleIsAnInactiveConsentThatImportRefuses() {
        Consent consent = exported(Fixtures.departmentAllow().revoked("hosp-es:patient", Fixtures.CHANGED, 43));
        assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(consent.getMeta().getVersionId()).isEqualTo("2");
        assertThat(imported(consent)).isInstanceOf(ConsentImport.Rejected.class);
        assertThat(((ConsentImport.Rejected) imported(consent)).reason()).isEqualTo(Reason.NOT_ACTIVE);
    }

    @Test
    void exportedConsentImportsAsTheSameRule() {
        Rule rule = Fixtures.departmentAllow();
        assertThat(drafts(exported(rule)))
                .containsExactly(new RuleDraft(
                        rule.ruleId(),
                        rule.patientId(),
                        rule.grantee(),
                        rule.tags(),
                        rule.effect(),
                        rule.validFrom(),
                        rule.validUntil(),
                        rule.purposes()));
    }

    @Test
    void handWrittenConsentWithSeveralProvisionsImportsOneDraftEach() {
        String json =
                """
                {"resourceType":"Consent","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "patient":{"reference":"Patient/%s"},
                 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
                 "provision":{"type":"deny","provision":[
                   {"type":"permit","period":{"start":"2025-01-01T00:00:00+01:00","end":"2026-01-01T00:00:00Z"},
                    "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
                              "reference":{"reference":"Organization/hosp-nl"}}],
                    "code":[{"coding":[{"system":"urn:trustlake:tag","code":"allergies"}]}],
                    "securityLabel":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"ETH"}]},
                   {"type":"deny","period":{"start":"2025-01-01T00:00:00Z","end":"2026-01-01T00:00:00Z"},
                    "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
                              "reference":{"type":"Practitioner","identifier":{"system":"urn:trustlake:user-id","value":"hosp-nl:dr.bakker"}}}],
                    "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}],
                    "code":[{"coding":[{"system":"urn:trustlake:tag","code":"billing"}]}]}]}}
                """
                        .formatted(Fixtures.PATIENT);
        List<RuleDraft> drafts = drafts(parsed(json));
        assertThat(drafts)
                .containsExactly(
                        new RuleDraft(
                                NEW_ID,
                                Fixtures.PATIENT,
                                new Grantee(Grantee.Type.ORGANISATION, "hosp-nl"),
                                List.of("allergies", "substance-use"),
                                Effect.ALLOW,
                                Instant.parse("2024-12-31T23:00:00Z"),
                                Instant.parse("2026-01-01T00:00:00Z"),
                                List.of()),
                        new RuleDraft(
                                NEW_ID,
                                Fixtures.PATIENT,
                                new Grantee(Grantee.Type.PROFESSIONAL, "hosp-nl:dr.bakker"),
                                List.of("billing"),
                                Effect.DENY,
                                Instant.parse("2025-01-01T00:00:00Z"),
                                Instant.parse("2026-01-01T00:00:00Z"),
                                List.of("HRESCH")));
    }

    @Test
    void consentWithoutPatientIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(c -> c.setPatient(null));
        assertThat(rejected.reason()).isEqualTo(Reason.PATIENT);
        assertThat(rejected.message()).startsWith("Consent.patient is required");
    }

    @Test
    void patientThatIsNotATrustlakePatientIdIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(c -> c.setPatient(new Reference("Patient/12345")));
        assertThat(rejected.reason()).isEqualTo(Reason.PATIENT);
        assertThat(rejected.message()).contains("'12345' is not a Trustlake patient id");
    }

    @Test
    void unknownActorRoleIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(
                c -> rule(c).getActorFirstRep().getRole().getCodingFirstRep().setCode("PRCP"));
        assertThat(rejected.reason()).isEqualTo(Reason.ACTOR);
        assertThat(rejected.message())
                .isEqualTo("Consent.provision.provision[0].actor[0].role: unknown actor role"
                        + " 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType'#'PRCP'; use IRCP from"
                        + " http://terminology.hl7.org/CodeSystem/v3-ParticipationType");
    }

    @Test
    void twoActorsInOneProvisionAreRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).addActor(rule(c).getActorFirstRep().copy()));
        assertThat(rejected.reason()).isEqualTo(Reason.ACTOR);
        assertThat(rejected.message()).contains("exactly one actor");
    }

    @Test
    void periodEndingBeforeItStartsIsRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).getPeriod().setEndElement(new DateTimeType("2023-01-01T00:00:00Z")));
        assertThat(rejected.reason()).isEqualTo(Reason.PERIOD);
        assertThat(rejected.message())
                .isEqualTo("Consent.provision.provision[0].period.end must be after period.start");
    }

    @Test
    void periodWithoutEndIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(c -> rule(c).getPeriod().setEndElement(null));
        assertThat(rejected.reason()).isEqualTo(Reason.PERIOD);
        assertThat(rejected.message()).contains("needs a start and an end");
    }

    @Test
    void periodGivenAsADateOnlyIsRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).getPeriod().setStartElement(new DateTimeType("2024-01-01")));
        assertThat(rejected.reason()).isEqualTo(Reason.PERIOD);
        assertThat(rejected.message())
                .isEqualTo("Consent.provision.provision[0].period.start must be a date-time with seconds and a time"
                        + " zone, e.g. 2030-01-01T00:00:00Z");
    }

    @Test
    void unknownTagSystemIsRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).getCode().get(1).getCodingFirstRep().setSystem("http://snomed.info/sct"));
        assertThat(rejected.reason()).isEqualTo(Reason.TAG);
        assertThat(rejected.message())
                .isEqualTo("Consent.provision.provision[0].code[1].coding[0]: unknown tag system"
                        + " 'http://snomed.info/sct'; tags use urn:trustlake:tag");
    }

    @Test
    void unknownSecurityLabelIsRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).getSecurityLabelFirstRep().setCode("HIV"));
        assertThat(rejected.reason()).isEqualTo(Reason.SECURITY_LABEL);
        assertThat(rejected.message()).contains("'HIV' is not supported");
    }

    @Test
    void unknownPurposeIsRejected() {
        ConsentImport.Rejected rejected =
                rejectedAfter(c -> rule(c).getPurposeFirstRep().setCode("MARKT"));
        assertThat(rejected.reason()).isEqualTo(Reason.PURPOSE);
        assertThat(rejected.message()).contains("unknown purpose 'MARKT'");
    }

    @Test
    void provisionWithoutTagsIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(c -> {
            rule(c).getCode().clear();
            rule(c).getSecurityLabel().clear();
        });
        assertThat(rejected.reason()).isEqualTo(Reason.TAG);
    }

    @Test
    void dataRestrictionsThatRulesCannotEnforceAreRejectedNotIgnored() {
        assertThat(rejectedAfter(c -> rule(c).addClass_(
                                        new Coding("http://hl7.org/fhir/resource-types", "Observation", null)))
                        .reason())
                .isEqualTo(Reason.UNSUPPORTED_ELEMENT);
        assertThat(rejectedAfter(c -> rule(c).addData().setReference(new Reference("Observation/1")))
                        .reason())
                .isEqualTo(Reason.UNSUPPORTED_ELEMENT);
        assertThat(rejectedAfter(c -> rule(c).addProvision().setType(Consent.ConsentProvisionType.DENY))
                        .reason())
                .isEqualTo(Reason.UNSUPPORTED_ELEMENT);
    }

    @Test
    void rootProvisionMustBeADenyHoldingTheRules() {
        assertThat(rejectedAfter(c -> c.getProvision().setType(Consent.ConsentProvisionType.PERMIT))
                        .reason())
                .isEqualTo(Reason.PROVISION);
        assertThat(rejectedAfter(c -> c.getProvision().getProvision().clear()).reason())
                .isEqualTo(Reason.PROVISION);
    }

    @Test
    void scopeCategoryAndPolicyRuleAreRequired() {
        assertThat(rejectedAfter(c -> c.getScope().getCodingFirstRep().setCode("treatment"))
                        .reason())
                .isEqualTo(Reason.SCOPE);
        assertThat(rejectedAfter(c -> c.getCategory().clear()).reason()).isEqualTo(Reason.CATEGORY);
        assertThat(rejectedAfter(c -> c.setPolicyRule(null)).reason()).isEqualTo(Reason.POLICY_RULE);
    }

    @Test
    void ruleIdIdentifierNamingSeveralProvisionsIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(c -> c.getProvision().addProvision(rule(c).copy()));
        assertThat(rejected.reason()).isEqualTo(Reason.RULE_ID);
        assertThat(rejected.message()).contains("names one rule, but the Consent holds 2");
    }

    @Test
    void departmentWhoseOrganisationDisagreesWithItsIdIsRejected() {
        ConsentImport.Rejected rejected = rejectedAfter(
                c -> ((Organization) c.getContained().get(0)).setPartOf(new Reference("Organization/hosp-nl")));
        assertThat(rejected.reason()).isEqualTo(Reason.ACTOR);
        assertThat(rejected.message()).contains("partOf must be the department's organisation 'hosp-es'");
    }

    @Test
    void strictParsingRefusesUnknownElementsAndOtherResourceTypesWithAPlainReason() {
        assertThat(FhirResources.parse("{\"resourceType\":\"Consent\",\"colour\":\"blue\"}", Consent.class))
                .isEqualTo(new FhirResources.Parsed.Unreadable<Consent>("Unknown element 'colour' found during parse"));
        assertThat(FhirResources.parse("{\"resourceType\":\"Patient\"}", Consent.class))
                .isEqualTo(new FhirResources.Parsed.Unreadable<Consent>(
                        "Incorrect resource type found, expected \"Consent\" but found \"Patient\""));
        assertThat(FhirResources.parse("{not json", Consent.class))
                .isInstanceOfSatisfying(FhirResources.Parsed.Unreadable.class, u -> assertThat(u.reason())
                        .startsWith("Failed to parse JSON encoded FHIR content: Unexpected character")
                        .doesNotContain("HAPI-", "Exception", "\n"));
    }
}
