package io.trustlake.server.fhir;

import static io.trustlake.server.fhir.ConsentMapper.coding;
import static io.trustlake.server.fhir.ConsentMapper.concept;
import static io.trustlake.server.fhir.ConsentMapper.identifier;

import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.Requester;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Maps access-log entries to FHIR R4 {@code AuditEvent}s following the IHE Basic Audit Log Patterns
 * (BALP). Pure: no I/O, no clock, no shared state; thread-safe. Every node maps the same ledger entry
 * to the same AuditEvent, so a patient can compare exports from different nodes.
 *
 * <p>One AuditEvent per entry, {@code id} = the request id, {@code text} = the entry in one sentence:
 *
 * <ul>
 *   <li>a record request is a patient query (BALP PatientQuery): {@code type} audit-event-type {@code
 *       rest}, {@code subtype} restful-interaction {@code search-type}, {@code action} E; an emergency
 *       access (purpose ETREAT or BTG by a professional, or any entry marked as an emergency override)
 *       is a security alert instead: {@code type} DCM 110113, {@code subtype} DCM 110127 "Emergency
 *       Override Started";
 *   <li>{@code outcome} 0 when granted, 4 (minor failure) when denied; {@code outcomeDesc} lists the
 *       released and withheld sections; {@code purposeOfEvent} = the purpose (v3-ActReason);
 *   <li>agents: the requester (type IRCP, {@code requestor} true, {@code who} a {@code Practitioner}
 *       identified by {@value FhirCodes#USER_ID}, or the {@code Patient} for a patient reading their own
 *       record; {@code role} the Trustlake role) and the requester's organisation (type v3-RoleClass
 *       PROV); {@code source.observer} = that organisation, whose node recorded the entry;
 *   <li>entities: the {@code Patient} (type 1 Person, role 1 Patient); the query (type 2, role 24
 *       Query: purpose and requested sections, base64 in {@code query}, plain in {@code description});
 *       one versioned {@code Consent/{ruleId}/_history/{version}} per rule used in the decision (the
 *       BALP consent-decision entity); and the ledger entry (type 2, {@code what} identified by
 *       {@value FhirCodes#REQUEST_ID}) whose details carry {@code logIndex}, {@code blockNumber}, the
 *       released and withheld sections, and for an emergency the overridden sections and the
 *       justification.
 * </ul>
 */
public final class AuditEventMapper {
    private static final Set<String> EMERGENCY_PURPOSES = Set.of("ETREAT", "BTG");

    private AuditEventMapper() {}

    public static AuditEvent toAuditEvent(AccessLogEntry entry) {
        AuditEvent event = new AuditEvent();
        event.setId(entry.requestId());
        classify(event, entry);
        event.setAction(AuditEvent.AuditEventAction.E);
        event.setRecordedElement(new InstantType(entry.at().toString()));
        boolean granted = entry.decision().outcome() == Decision.Outcome.GRANTED;
        event.setOutcome(granted ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        event.setOutcomeDesc(outcome(entry.decision()));
        event.setText(FhirResources.narrative(
                entry.requester().userId() + " (" + entry.requester().role() + ", "
                        + entry.requester().organisation() + ") asked for this record for " + entry.purpose() + " at "
                        + entry.at() + ": " + event.getOutcomeDesc() + "."));
        event.addPurposeOfEvent(purpose(entry.purpose()));
        event.addAgent(requester(entry));
        event.addAgent(new AuditEvent.AuditEventAgentComponent()
                .setType(concept(FhirCodes.V3_ROLE_CLASS, "PROV", "healthcare provider"))
                .setWho(ConsentMapper.organisation(entry.requester().organisation()))
                .setRequestor(false));
        event.getSource()
                .setSite(entry.requester().organisation())
                .setObserver(ConsentMapper.organisation(entry.requester().organisation()))
                .addType(coding(FhirCodes.SECURITY_SOURCE_TYPE, "4").setDisplay("Application Server"));
        event.addEntity(patient(entry.patientId()));
        event.addEntity(query(entry));
        entry.decision().rulesUsed().forEach(rule -> event.addEntity(consent(rule)));
        event.addEntity(ledgerEntry(entry));
        return event;
    }

    /** Type and subtype: a BALP patient query, or a security alert for an emergency override. */
    private static void classify(AuditEvent event, AccessLogEntry entry) {
        if (isEmergency(entry)) {
            event.setType(coding(FhirCodes.DICOM, "110113").setDisplay("Security Alert"));
            event.addSubtype(coding(FhirCodes.DICOM, "110127").setDisplay("Emergency Override Started"));
        } else {
            event.setType(coding(FhirCodes.AUDIT_EVENT_TYPE, "rest").setDisplay("Restful Operation"));
            event.addSubtype(
                    coding(FhirCodes.RESTFUL_INTERACTION, "search-type").setDisplay("search-type"));
        }
    }

    /**
     * An emergency access: purpose ETREAT or BTG asserted by a professional, or an entry the contract
     * marked as an emergency override.
     */
    static boolean isEmergency(AccessLogEntry entry) {
        return entry.emergencyOverride()
                || (EMERGENCY_PURPOSES.contains(entry.purpose())
                        && "PROFESSIONAL".equals(entry.requester().role()));
    }

    private static AuditEvent.AuditEventAgentComponent requester(AccessLogEntry entry) {
        Requester requester = entry.requester();
        Reference who = requester.isThePatient(entry.patientId())
                ? ConsentMapper.patient(entry.patientId())
                : new Reference()
                        .setType("Practitioner")
                        .setIdentifier(identifier(FhirCodes.USER_ID, requester.userId()));
        AuditEvent.AuditEventAgentComponent agent = new AuditEvent.AuditEventAgentComponent()
                .setType(concept(
                        FhirCodes.V3_PARTICIPATION_TYPE, FhirCodes.INFORMATION_RECIPIENT, "information recipient"))
                .setWho(who)
                .setRequestor(true);
        agent.addRole(new CodeableConcept(coding(FhirCodes.ROLE, requester.role())));
        agent.addPurposeOfUse(purpose(entry.purpose()));
        return agent;
    }

    private static CodeableConcept purpose(String code) {
        Coding coding = coding(FhirCodes.V3_ACT_REASON, code);
        FhirCodes.purposeDisplay(code).ifPresent(coding::setDisplay);
        return new CodeableConcept(coding);
    }

    private static AuditEvent.AuditEventEntityComponent patient(String patientId) {
        return new AuditEvent.AuditEventEntityComponent()
                .setWhat(ConsentMapper.patient(patientId))
                .setType(coding(FhirCodes.AUDIT_ENTITY_TYPE, "1").setDisplay("Person"))
                .setRole(coding(FhirCodes.OBJECT_ROLE, "1").setDisplay("Patient"));
    }

    private static AuditEvent.AuditEventEntityComponent query(AccessLogEntry entry) {
        String query = "purpose=" + entry.purpose()
                + (entry.requestedTags().isEmpty() ? "" : "&tags=" + String.join(",", entry.requestedTags()));
        return new AuditEvent.AuditEventEntityComponent()
                .setType(coding(FhirCodes.AUDIT_ENTITY_TYPE, "2").setDisplay("System Object"))
                .setRole(coding(FhirCodes.OBJECT_ROLE, "24").setDisplay("Query"))
                .setDescription(query)
                .setQuery(query.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditEvent.AuditEventEntityComponent consent(Decision.RuleRef rule) {
        return new AuditEvent.AuditEventEntityComponent()
                .setWhat(new Reference("Consent/" + rule.ruleId() + "/_history/" + rule.version())
                        .setType("Consent")
                        .setIdentifier(identifier(FhirCodes.RULE_ID, rule.ruleId())))
                .setType(coding(FhirCodes.RESOURCE_TYPES, "Consent").setDisplay("Consent"));
    }

    private static AuditEvent.AuditEventEntityComponent ledgerEntry(AccessLogEntry entry) {
        AuditEvent.AuditEventEntityComponent ledger = new AuditEvent.AuditEventEntityComponent()
                .setWhat(new Reference().setIdentifier(identifier(FhirCodes.REQUEST_ID, entry.requestId())))
                .setType(coding(FhirCodes.AUDIT_ENTITY_TYPE, "2").setDisplay("System Object"))
                .setName("Trustlake ledger entry")
                .setDescription("The access-log entry on the consortium ledger; check it with an inclusion proof"
                        + " for its log index");
        detail(ledger, "logIndex", Long.toString(entry.logIndex()));
        detail(ledger, "blockNumber", Long.toString(entry.blockNumber()));
        detail(ledger, "released", String.join(",", entry.decision().released()));
        detail(ledger, "withheld", withheld(entry.decision().withheld()));
        if (isEmergency(entry)) {
            detail(ledger, "overridden", String.join(",", entry.decision().overridden()));
            detail(ledger, "justification", entry.justification());
        }
        return ledger;
    }

    private static void detail(AuditEvent.AuditEventEntityComponent entity, String type, String value) {
        if (!value.isEmpty()) {
            entity.addDetail().setType(type).setValue(new StringType(value));
        }
    }

    private static String outcome(Decision decision) {
        String released = decision.released().isEmpty() ? "nothing" : String.join(", ", decision.released());
        String text =
                (decision.outcome() == Decision.Outcome.GRANTED ? "granted" : "denied") + "; released: " + released;
        return decision.withheld().isEmpty() ? text : text + "; withheld: " + withheld(decision.withheld());
    }

    /** {@code tag (reason)} pairs in tag order, e.g. {@code medications (DENIED_BY_RULE)}. */
    private static String withheld(Map<String, Decision.Withheld> withheld) {
        return new TreeMap<>(withheld)
                .entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue().name() + ")")
                        .collect(Collectors.joining(", "));
    }
}
