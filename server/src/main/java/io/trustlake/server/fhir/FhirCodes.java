package io.trustlake.server.fhir;

import java.util.Map;
import java.util.Optional;

/**
 * The code systems, identifier systems and codes of Trustlake's FHIR R4 façade, in one place so that
 * export and import can never disagree on them.
 */
final class FhirCodes {
    static final String TAG = "urn:trustlake:tag";
    static final String PATIENT_ID = "urn:trustlake:patient-id";
    static final String USER_ID = "urn:trustlake:user-id";
    static final String DEPARTMENT_ID = "urn:trustlake:department-id";
    static final String ORGANISATION_ID = "urn:trustlake:organisation-id";
    static final String RULE_ID = "urn:trustlake:rule-id";
    static final String REQUEST_ID = "urn:trustlake:request-id";
    static final String ROLE = "urn:trustlake:role";

    static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    static final String LOINC = "http://loinc.org";
    static final String PATIENT_CONSENT = "59284-0";
    static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String V3_PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String V3_ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
    static final String INFORMATION_RECIPIENT = "IRCP";

    static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String AUDIT_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    static final String SECURITY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";

    /** Trustlake's sensitive tags and the v3-ActCode sensitivity label each one carries (DESIGN.md). */
    static final Map<String, String> SENSITIVITY_LABELS = Map.of(
            "mental-health", "PSY",
            "sexual-health", "SEX",
            "substance-use", "ETH",
            "genetics", "GDIS");

    private static final Map<String, String> PURPOSE_DISPLAYS = Map.of(
            "TREAT", "treatment",
            "HRESCH", "healthcare research",
            "PATRQT", "patient requested",
            "ETREAT", "Emergency Treatment",
            "BTG", "break the glass");

    private FhirCodes() {}

    /** The tag whose sensitivity label is {@code label}, if it is one of the four Trustlake uses. */
    static Optional<String> tagOfLabel(String label) {
        return SENSITIVITY_LABELS.entrySet().stream()
                .filter(e -> e.getValue().equals(label))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The v3-ActReason display of a purpose code, or empty for a code this façade does not know. */
    static Optional<String> purposeDisplay(String purpose) {
        return Optional.ofNullable(PURPOSE_DISPLAYS.get(purpose));
    }
}
