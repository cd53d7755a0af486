package io.trustlake.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.Requester;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

class AuditEventMapperTest {
    private static AuditEvent exported(AccessLogEntry entry) {
        String json = FhirResources.encode(AuditEventMapper.toAuditEvent(entry));
        assertThat(FhirValidation.errors(json)).as(json).isEmpty();
        return (AuditEvent) ((FhirResources.Parsed.Read<?>) FhirResources.parse(json, AuditEvent.class)).resource();
    }

    private static AuditEvent.AuditEventEntityComponent entity(AuditEvent event, String type) {
        return event.getEntity().stream()
                .filter(e -> e.getType().getCode().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static String detail(AuditEvent.AuditEventEntityComponent entity, String type) {
        return entity.getDetail().stream()
                .filter(d -> d.getType().equals(type))
                .map(d -> d.getValue().primitiveValue())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void grantedAccessIsASuccessfulPatientQuery() {
        AuditEvent event = exported(Fixtures.granted());
        assertThat(event.getIdElement().getIdPart()).isEqualTo("cdefghijkmnpqrstuvwxyz2345");
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getOutcomeDesc())
                .isEqualTo("granted; released: allergies, conditions; withheld: imaging (NO_RULE), medications"
                        + " (DENIED_BY_RULE)");
        assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("TREAT");
        assertThat(event.getRecordedElement().getValueAsString()).startsWith("2025-05-06T07:08:09.123");
    }

    @Test
    void requesterIsTheRequestingAgentAndTheirOrganisationObserves() {
        AuditEvent event = exported(Fixtures.granted());
        AuditEvent.AuditEventAgentComponent user = event.getAgent().get(0);
        assertThat(user.getRequestor()).isTrue();
        assertThat(user.getType().getCodingFirstRep().getCode()).isEqualTo("IRCP");
        assertThat(user.getWho().getType()).isEqualTo("Practitioner");
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("hosp-es:dr.garcia");
        assertThat(user.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("PROFESSIONAL");
        AuditEvent.AuditEventAgentComponent organisation = event.getAgent().get(1);
        assertThat(organisation.getRequestor()).isFalse();
        assertThat(organisation.getWho().getReference()).isEqualTo("Organization/hosp-es");
        assertThat(event.getSource().getObserver().getReference()).isEqualTo("Organization/hosp-es");
    }

    @Test
    void entitiesNameThePatientTheRulesUsedAndTheLedgerPosition() {
        AuditEvent event = exported(Fixtures.granted());
        AuditEvent.AuditEventEntityComponent patient = entity(event, "1");
        assertThat(patient.getRole().getCode()).isEqualTo("1");
        assertThat(patient.getWhat().getReference()).isEqualTo("Patient/" + Fixtures.PATIENT);
        assertThat(event.getEntity().stream()
                        .filter(e -> e.getType().getCode().equals("Consent"))
                        .map(e -> e.getWhat().getReference()))
                .containsExactly(
                        "Consent/" + Fixtures.RULE + "/_history/1", "Consent/bcdefghijkmnpqrstuvwxyz234/_history/3");
        AuditEvent.AuditEventEntityComponent ledger = event.getEntity().stream()
                .filter(e -> "Trustlake ledger entry".equals(e.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(detail(ledger, "logIndex")).isEqualTo("1234");
        assertThat(detail(ledger, "blockNumber")).isEqualTo("56");
        assertThat(detail(ledger, "released")).isEqualTo("allergies,conditions");
    }

    @Test
    void deniedAccessIsAMinorFailure() {
        AuditEvent event = exported(Fixtures.denied());
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).isEqualTo("denied; released: nothing; withheld: allergies (NO_RULE)");
        assertThat(event.getEntity()).noneMatch(e -> e.getType().getCode().equals("Consent"));
    }

    @Test
    void emergencyAccessIsASecurityAlertForAnEmergencyOverride() {
        AuditEvent event = exported(Fixtures.emergency());
        assertThat(event.getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(event.getType().getCode()).isEqualTo("110113");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("110127");
        assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("ETREAT");
        AuditEvent.AuditEventEntityComponent ledger = event.getEntity().stream()
                .filter(e -> "Trustlake ledger entry".equals(e.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(detail(ledger, "overridden")).isEqualTo("allergies,medications");
        assertThat(detail(ledger, "justification")).isEqualTo("unconscious patient in the emergency room");
    }

    @Test
    void patientReadingTheirOwnRecordIsThePatientAgent() {
        Requester patient = new Requester("hosp-es:someone", "PATIENT", "hosp-es", List.of(), Fixtures.PATIENT);
        AuditEvent event = exported(Fixtures.entry(
                patient,
                "PATRQT",
                new Decision(Decision.Outcome.GRANTED, List.of("allergies"), Map.of(), List.of(), List.of()),
                ""));
        assertThat(event.getAgentFirstRep().getWho().getReference()).isEqualTo("Patient/" + Fixtures.PATIENT);
        assertThat(event.getType().getCode()).isEqualTo("rest");
    }

    @Test
    void searchsetOfAuditEventsValidates() {
        String json = FhirResources.encode(FhirResources.searchset(
                List.of(
                        AuditEventMapper.toAuditEvent(Fixtures.granted()),
                        AuditEventMapper.toAuditEvent(Fixtures.emergency())),
                "http://localhost:8080/fhir",
                "http://localhost:8080/fhir/AuditEvent?patient=" + Fixtures.PATIENT));
        assertThat(FhirValidation.errors(json)).as(json).isEmpty();
    }
}
