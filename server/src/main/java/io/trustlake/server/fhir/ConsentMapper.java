package io.trustlake.server.fhir;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Maps access rules to FHIR R4 {@code Consent} resources and back. Pure: no I/O, no clock, no
 * shared state; thread-safe.
 *
 * <p>The profile, one Consent per rule (so each keeps its own status, version and ledger identity):
 *
 * <ul>
 *   <li>{@code id} and {@code identifier} ({@value FhirCodes#RULE_ID}) = the rule id; {@code
 *       meta.versionId} = the rule version; {@code text} = the rule in one sentence; {@code status} {@code active}, or {@code inactive} once
 *       revoked; {@code dateTime} = when this version was recorded on the ledger;
 *   <li>{@code scope} consentscope {@code patient-privacy}, {@code category} LOINC 59284-0, {@code
 *       patient} and {@code performer} = {@code Patient/{patientId}} with identifier {@value
 *       FhirCodes#PATIENT_ID}; {@code policyRule} v3-ActCode {@code OPTIN} for an allow rule, {@code
 *       OPTOUT} for a deny rule;
 *   <li>a root {@code provision} of type {@code deny} (nothing is shared unless a rule says so) holding
 *       the rule as one nested provision of type {@code permit} (allow) or {@code deny} (deny) with:
 *       {@code period} = [validFrom, validUntil) — {@code period.end} is the first instant the rule no
 *       longer holds; one {@code actor} with role v3-ParticipationType {@code IRCP} naming the grantee;
 *       {@code action} consentaction {@code access}; {@code purpose} v3-ActReason codes (none = any
 *       purpose); {@code code} = the tags ({@value FhirCodes#TAG}); {@code securityLabel} = the
 *       v3-ActCode sensitivity label (PSY, SEX, ETH, GDIS) of each sensitive tag among them.
 * </ul>
 *
 * <p>Grantees: a professional is {@code Practitioner} identified by {@value FhirCodes#USER_ID} (user
 * ids {@code org:name} are not valid FHIR ids, so the reference is logical); an organisation is
 * {@code Organization/{id}} with identifier {@value FhirCodes#ORGANISATION_ID}; a department is a
 * contained {@code Organization} with identifier {@value FhirCodes#DEPARTMENT_ID} and {@code partOf}
 * its organisation, referenced as {@code #department}.
 *
 * <p>Instants outside FHIR's years 1–9999 are clamped to that range on export.
 */
public final class ConsentMapper {
    static final String DEPARTMENT_REFERENCE = "department";
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private ConsentMapper() {}

    /** The Consent for one rule (any status, any version). */
    public static Consent toConsent(Rule rule) {
        Consent consent = new Consent();
        consent.setId(rule.ruleId());
        consent.getMeta().setVersionId(Integer.toString(rule.version()));
        consent.setText(FhirResources.narrative(summary(rule)));
        consent.addIdentifier(identifier(FhirCodes.RULE_ID, rule.ruleId()));
        consent.setStatus(
                rule.status() == Rule.Status.ACTIVE ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
        consent.setScope(concept(FhirCodes.CONSENT_SCOPE, "patient-privacy", "Privacy Consent"));
        consent.addCategory(concept(FhirCodes.LOINC, FhirCodes.PATIENT_CONSENT, "Patient Consent"));
        consent.setPatient(patient(rule.patientId()));
        consent.setDateTimeElement(dateTime(rule.changedAt()));
        consent.addPerformer(patient(rule.patientId()));
        consent.setPolicyRule(
                rule.effect() == Effect.ALLOW
                        ? concept(FhirCodes.V3_ACT_CODE, "OPTIN", "opt-in")
                        : concept(FhirCodes.V3_ACT_CODE, "OPTOUT", "op-out"));
        consent.getProvision().setType(Consent.ConsentProvisionType.DENY).addProvision(provision(consent, rule));
        return consent;
    }

    /**
     * The rules a Consent in this profile states, or the precise reason it is outside the profile.
     * Only {@code active} Consents state rules. The rule id is the Consent's {@value
     * FhirCodes#RULE_ID} identifier when it has one (it must then hold exactly one rule); otherwise
     * each rule gets an id from {@code newRuleId}.
     */
    public static ConsentImport toRuleDrafts(Consent consent, Supplier<String> newRuleId) {
        return ConsentReading.read(consent, newRuleId);
    }

    /** The rule in one plain sentence, the Consent's narrative. */
    static String summary(Rule rule) {
        return (rule.effect() == Effect.ALLOW ? "Allows " : "Denies ")
                + rule.grantee().type().json() + " "
                + rule.grantee().id() + " access to " + String.join(", ", rule.tags()) + " from " + rule.validFrom()
                + " until " + rule.validUntil() + " (exclusive), for "
                + (rule.purposes().isEmpty() ? "any purpose" : String.join(", ", rule.purposes()))
                + (rule.status() == Rule.Status.ACTIVE ? "." : "; revoked.");
    }

    private static Consent.ProvisionComponent provision(Consent consent, Rule rule) {
        Consent.ProvisionComponent provision = new Consent.ProvisionComponent();
        provision.setType(
                rule.effect() == Effect.ALLOW
                        ? Consent.ConsentProvisionType.PERMIT
                        : Consent.ConsentProvisionType.DENY);
        provision.setPeriod(
                new Period().setStartElement(dateTime(rule.validFrom())).setEndElement(dateTime(rule.validUntil())));
        provision
                .addActor()
                .setRole(concept(
                        FhirCodes.V3_PARTICIPATION_TYPE, FhirCodes.INFORMATION_RECIPIENT, "information recipient"))
                .setReference(grantee(consent, rule.grantee()));
        provision.addAction(concept(FhirCodes.CONSENT_ACTION, "access", "Access"));
        for (String purpose : rule.purposes()) {
            Coding coding = coding(FhirCodes.V3_ACT_REASON, purpose);
            FhirCodes.purposeDisplay(purpose).ifPresent(coding::setDisplay);
            provision.addPurpose(coding);
        }
        for (String tag : rule.tags()) {
            provision.addCode(new CodeableConcept(coding(FhirCodes.TAG, tag)));
        }
        for (String tag : rule.tags()) {
            String label = FhirCodes.SENSITIVITY_LABELS.get(tag);
            if (label != null) {
                provision.addSecurityLabel(coding(FhirCodes.V3_ACT_CODE, label));
            }
        }
        return provision;
    }

    private static Reference grantee(Consent consent, Grantee grantee) {
        return switch (grantee.type()) {
            case PROFESSIONAL ->
                new Reference().setType("Practitioner").setIdentifier(identifier(FhirCodes.USER_ID, grantee.id()));
            case ORGANISATION -> organisation(grantee.id());
            case DEPARTMENT -> {
                Organization department = new Organization();
                department.setId(DEPARTMENT_REFERENCE);
                department.addIdentifier(identifier(FhirCodes.DEPARTMENT_ID, grantee.id()));
                department.setPartOf(organisation(Ids.organisationOf(grantee.id())));
                consent.addContained(department);
                yield new Reference("#" + DEPARTMENT_REFERENCE);
            }
        };
    }

    static Reference organisation(String organisationId) {
        return new Reference("Organization/" + organisationId)
                .setType("Organization")
                .setIdentifier(identifier(FhirCodes.ORGANISATION_ID, organisationId));
    }

    static Reference patient(String patientId) {
        return new Reference("Patient/" + patientId)
                .setType("Patient")
                .setIdentifier(identifier(FhirCodes.PATIENT_ID, patientId));
    }

    static Identifier identifier(String system, String value) {
        return new Identifier().setSystem(system).setValue(value);
    }

    static Coding coding(String system, String code) {
        return new Coding().setSystem(system).setCode(code);
    }

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    /** A FHIR dateTime with the instant's full precision, clamped to years 1–9999. */
    static DateTimeType dateTime(Instant instant) {
        Instant clamped = instant.isBefore(FIRST) ? FIRST : instant.isAfter(LAST) ? LAST : instant;
        return new DateTimeType(clamped.toString());
    }
}
