package io.trustlake.server.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.server.fhir.ConsentImport.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads a Consent in {@link ConsentMapper}'s profile into rule drafts, stopping at the first
 * departure from the profile. Anything that would change what a rule means (data restrictions,
 * deeper nesting, other roles, codes or labels Trustlake cannot enforce) is rejected rather than
 * ignored; elements that do not change it (text, source, verification, extensions) are ignored.
 */
final class ConsentReading {
    /** At most this many rules per imported Consent: each one is its own ledger transaction. */
    static final int MAX_RULES = 100;

    private static final Set<TemporalPrecisionEnum> TO_THE_SECOND =
            EnumSet.of(TemporalPrecisionEnum.SECOND, TemporalPrecisionEnum.MILLI);
    private static final Pattern PATIENT_REFERENCE = Pattern.compile("Patient/([^/]+)");
    private static final Pattern ORGANISATION_REFERENCE = Pattern.compile("Organization/([^/]+)");

    private ConsentReading() {}

    static ConsentImport read(Consent consent, Supplier<String> newRuleId) {
        try {
            return new ConsentImport.Rules(drafts(consent, newRuleId));
        } catch (OutsideProfile e) {
            return new ConsentImport.Rejected(e.reason, e.getMessage());
        }
    }

    private static List<RuleDraft> drafts(Consent consent, Supplier<String> newRuleId) {
        checkHeader(consent);
        String patientId = patientId(consent);
        List<Consent.ProvisionComponent> provisions = nestedProvisions(consent);
        Optional<String> ruleId = ruleId(consent, provisions.size());
        List<RuleDraft> drafts = new ArrayList<>();
        for (int i = 0; i < provisions.size(); i++) {
            String path = "Consent.provision.provision[" + i + "]";
            drafts.add(draft(consent, provisions.get(i), path, patientId, ruleId.orElseGet(newRuleId)));
        }
        return drafts;
    }

    private static void checkHeader(Consent consent) {
        require(
                !consent.hasModifierExtension(),
                Reason.UNSUPPORTED_ELEMENT,
                "Consent.modifierExtension is not supported: it could change what the rules mean");
        require(
                consent.getStatus() == Consent.ConsentState.ACTIVE,
                Reason.NOT_ACTIVE,
                "Consent.status must be 'active' to create rules, not "
                        + shown(consent.hasStatus() ? consent.getStatus().toCode() : null));
        require(
                hasCoding(consent.getScope(), FhirCodes.CONSENT_SCOPE, "patient-privacy"),
                Reason.SCOPE,
                "Consent.scope must be 'patient-privacy' from " + FhirCodes.CONSENT_SCOPE);
        require(
                consent.getCategory().stream().anyMatch(c -> hasCoding(c, FhirCodes.LOINC, FhirCodes.PATIENT_CONSENT)),
                Reason.CATEGORY,
                "Consent.category must include LOINC 59284-0 (Patient Consent)");
        require(
                hasCoding(consent.getPolicyRule(), FhirCodes.V3_ACT_CODE, "OPTIN")
                        || hasCoding(consent.getPolicyRule(), FhirCodes.V3_ACT_CODE, "OPTOUT"),
                Reason.POLICY_RULE,
                "Consent.policyRule must be 'OPTIN' or 'OPTOUT' from " + FhirCodes.V3_ACT_CODE);
    }

    private static String patientId(Consent consent) {
        String expected = "reference Patient/{patientId} or identifier " + FhirCodes.PATIENT_ID;
        require(consent.hasPatient(), Reason.PATIENT, "Consent.patient is required: " + expected);
        Reference patient = consent.getPatient();
        Optional<String> fromReference = literal(patient, PATIENT_REFERENCE, "Consent.patient", Reason.PATIENT);
        Optional<String> fromIdentifier = identified(patient, FhirCodes.PATIENT_ID, "Consent.patient", Reason.PATIENT);
        require(
                fromReference.isPresent() || fromIdentifier.isPresent(),
                Reason.PATIENT,
                "Consent.patient must " + expected);
        require(
                fromReference.isEmpty() || fromIdentifier.isEmpty() || fromReference.equals(fromIdentifier),
                Reason.PATIENT,
                "Consent.patient: the reference and the identifier name different patients");
        String id = fromIdentifier.orElseGet(fromReference::orElseThrow);
        require(
                Ids.isPatientId(id),
                Reason.PATIENT,
                "Consent.patient: " + shown(id) + " is not a Trustlake patient id ('p-' and 26 characters)");
        return id;
    }

    private static List<Consent.ProvisionComponent> nestedProvisions(Consent consent) {
        String shape = "a root provision of type deny holding one nested provision per rule";
        require(consent.hasProvision(), Reason.PROVISION, "Consent.provision is required: " + shape);
        Consent.ProvisionComponent root = consent.getProvision();
        require(
                root.getType() == Consent.ConsentProvisionType.DENY,
                Reason.PROVISION,
                "Consent.provision.type must be 'deny' (nothing is shared unless a nested provision says so)");
        require(
                !root.hasActor()
                        && !root.hasPeriod()
                        && !root.hasPurpose()
                        && !root.hasCode()
                        && !root.hasSecurityLabel()
                        && !root.hasAction()
                        && !root.hasClass_()
                        && !root.hasData()
                        && !root.hasDataPeriod()
                        && !root.hasModifierExtension(),
                Reason.PROVISION,
                "Consent.provision may only hold nested provisions: put the actor, period, purposes and tags"
                        + " on each nested provision");
        require(root.hasProvision(), Reason.PROVISION, "Consent.provision.provision is required: " + shape);
        require(
                root.getProvision().size() <= MAX_RULES,
                Reason.PROVISION,
                "Consent.provision.provision: at most " + MAX_RULES + " rules per Consent");
        return root.getProvision();
    }

    private static Optional<String> ruleId(Consent consent, int rules) {
        List<Identifier> ids = consent.getIdentifier().stream()
                .filter(i -> FhirCodes.RULE_ID.equals(i.getSystem()))
                .toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        require(ids.size() == 1, Reason.RULE_ID, "Consent.identifier: at most one " + FhirCodes.RULE_ID);
        String value = ids.get(0).getValue();
        require(
                value != null && Ids.isRequestId(value),
                Reason.RULE_ID,
                "Consent.identifier: " + shown(value) + " is not a rule id (26 characters a-z and 2-9)");
        require(
                rules == 1,
                Reason.RULE_ID,
                "Consent.identifier " + FhirCodes.RULE_ID + " names one rule, but the Consent holds " + rules);
        return Optional.of(value);
    }

    private static RuleDraft draft(
            Consent consent, Consent.ProvisionComponent provision, String path, String patientId, String ruleId) {
        checkSupported(provision, path);
        Effect effect = effect(provision, path);
        Grantee grantee = ConsentGrantees.grantee(consent, provision, path);
        Instant from = instant(provision.getPeriod().getStartElement(), path + ".period.start");
        Instant until = instant(provision.getPeriod().getEndElement(), path + ".period.end");
        require(until.isAfter(from), Reason.PERIOD, path + ".period.end must be after period.start");
        checkActions(provision, path);
        return new RuleDraft(
                ruleId, patientId, grantee, tags(provision, path), effect, from, until, purposes(provision, path));
    }

    private static void checkSupported(Consent.ProvisionComponent provision, String path) {
        require(
                !provision.hasProvision(),
                Reason.UNSUPPORTED_ELEMENT,
                path + ".provision: provisions nested more than one level deep are not supported");
        require(
                !provision.hasClass_(),
                Reason.UNSUPPORTED_ELEMENT,
                path + ".class is not supported: rules select record sections by tag (code, system " + FhirCodes.TAG
                        + ")");
        require(
                !provision.hasData() && !provision.hasDataPeriod(),
                Reason.UNSUPPORTED_ELEMENT,
                path + ".data and .dataPeriod are not supported: rules cover whole record sections");
        require(
                !provision.hasModifierExtension(),
                Reason.UNSUPPORTED_ELEMENT,
                path + ".modifierExtension is not supported: it could change what the rule means");
        require(
                provision.hasPeriod()
                        && provision.getPeriod().hasStart()
                        && provision.getPeriod().hasEnd(),
                Reason.PERIOD,
                path + ".period needs a start and an end (the rule holds from start until just before end)");
    }

    private static Effect effect(Consent.ProvisionComponent provision, String path) {
        if (provision.getType() == Consent.ConsentProvisionType.PERMIT) {
            return Effect.ALLOW;
        }
        require(
                provision.getType() == Consent.ConsentProvisionType.DENY,
                Reason.PROVISION,
                path + ".type is required: 'permit' or 'deny'");
        return Effect.DENY;
    }

    /** An instant from a dateTime given to the second or finer, with a time zone. */
    private static Instant instant(DateTimeType value, String path) {
        String expected = path + " must be a date-time with seconds and a time zone, e.g. 2030-01-01T00:00:00Z";
        require(TO_THE_SECOND.contains(value.getPrecision()), Reason.PERIOD, expected);
        try {
            return OffsetDateTime.parse(value.getValueAsString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new OutsideProfile(Reason.PERIOD, expected);
        }
    }

    private static List<String> purposes(Consent.ProvisionComponent provision, String path) {
        TreeSet<String> purposes = new TreeSet<>();
        for (int i = 0; i < provision.getPurpose().size(); i++) {
            Coding purpose = provision.getPurpose().get(i);
            String where = path + ".purpose[" + i + "]";
            require(
                    FhirCodes.V3_ACT_REASON.equals(purpose.getSystem()),
                    Reason.PURPOSE,
                    where + ": unknown purpose system " + shown(purpose.getSystem()) + "; use "
                            + FhirCodes.V3_ACT_REASON);
            require(
                    AccessRulesContract.PURPOSES.contains(purpose.getCode()),
                    Reason.PURPOSE,
                    where + ": unknown purpose " + shown(purpose.getCode()) + "; use one of "
                            + new TreeSet<>(AccessRulesContract.PURPOSES));
            purposes.add(purpose.getCode());
        }
        return List.copyOf(purposes);
    }

    private static List<String> tags(Consent.ProvisionComponent provision, String path) {
        TreeSet<String> tags = new TreeSet<>();
        for (int i = 0; i < provision.getCode().size(); i++) {
            CodeableConcept code = provision.getCode().get(i);
            require(code.hasCoding(), Reason.TAG, path + ".code[" + i + "] has no coding");
            for (int j = 0; j < code.getCoding().size(); j++) {
                tags.add(tag(code.getCoding().get(j), path + ".code[" + i + "].coding[" + j + "]"));
            }
        }
        for (int i = 0; i < provision.getSecurityLabel().size(); i++) {
            Coding label = provision.getSecurityLabel().get(i);
            Optional<String> tag = FhirCodes.V3_ACT_CODE.equals(label.getSystem())
                    ? FhirCodes.tagOfLabel(label.getCode())
                    : Optional.empty();
            require(
                    tag.isPresent(),
                    Reason.SECURITY_LABEL,
                    path + ".securityLabel[" + i + "]: " + shown(label.getCode())
                            + " is not supported; use the v3-ActCode sensitivity labels PSY, SEX, ETH or GDIS");
            tags.add(tag.orElseThrow());
        }
        require(
                !tags.isEmpty(),
                Reason.TAG,
                path + " names no record section: add a code with system " + FhirCodes.TAG);
        return List.copyOf(tags);
    }

    private static String tag(Coding coding, String path) {
        require(
                FhirCodes.TAG.equals(coding.getSystem()),
                Reason.TAG,
                path + ": unknown tag system " + shown(coding.getSystem()) + "; tags use " + FhirCodes.TAG);
        require(
                coding.getCode() != null && Ids.isTag(coding.getCode()),
                Reason.TAG,
                path + ": " + shown(coding.getCode()) + " is not a tag (lower-case letters, digits and '-')");
        return coding.getCode();
    }

    private static void checkActions(Consent.ProvisionComponent provision, String path) {
        for (int i = 0; i < provision.getAction().size(); i++) {
            require(
                    hasCoding(provision.getAction().get(i), FhirCodes.CONSENT_ACTION, "access"),
                    Reason.ACTION,
                    path + ".action[" + i + "]: only 'access' from " + FhirCodes.CONSENT_ACTION + " is supported");
        }
    }

    /**
     * The id in a literal reference matching {@code pattern}, empty when there is no literal
     * reference; any other literal reference is outside the profile.
     */
    static Optional<String> literal(Reference reference, Pattern pattern, String path, Reason reason) {
        if (!reference.hasReference()) {
            return Optional.empty();
        }
        Matcher matcher = pattern.matcher(reference.getReference());
        require(
                matcher.matches(),
                reason,
                path + ".reference " + shown(reference.getReference()) + " is not of the form " + pattern.pattern());
        return Optional.of(matcher.group(1));
    }

    /** The value of the reference's identifier, which must be of {@code system}; empty without one. */
    static Optional<String> identified(Reference reference, String system, String path, Reason reason) {
        if (!reference.hasIdentifier()) {
            return Optional.empty();
        }
        Identifier identifier = reference.getIdentifier();
        require(
                system.equals(identifier.getSystem()) && identifier.hasValue(),
                reason,
                path + ".identifier must have system " + system + " and a value");
        return Optional.of(identifier.getValue());
    }

    static Optional<String> organisationReference(Reference reference, String path, Reason reason) {
        Optional<String> literal = literal(reference, ORGANISATION_REFERENCE, path, reason);
        Optional<String> identified = identified(reference, FhirCodes.ORGANISATION_ID, path, reason);
        require(
                literal.isEmpty() || identified.isEmpty() || literal.equals(identified),
                reason,
                path + ": the reference and the identifier name different organisations");
        return identified.isPresent() ? identified : literal;
    }

    static boolean hasCoding(CodeableConcept concept, String system, String code) {
        return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    /** Untrusted text, quoted and cut to a short, log-safe form. */
    static String shown(String text) {
        return text == null ? "nothing" : "'" + Ids.printable(text) + "'";
    }

    static void require(boolean holds, Reason reason, String message) {
        if (!holds) {
            throw new OutsideProfile(reason, message);
        }
    }

    /**
     * Stops reading at the first departure from the profile. Never escapes this package: {@link
     * #read} turns it into {@link ConsentImport.Rejected}.
     */
    static final class OutsideProfile extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        OutsideProfile(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
