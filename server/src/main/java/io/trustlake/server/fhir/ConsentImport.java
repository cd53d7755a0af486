package io.trustlake.server.fhir;

import io.trustlake.contracts.rules.RuleDraft;
import java.util.List;

/** What an imported {@code Consent} says: the rules it states, or why it is outside the profile. */
public sealed interface ConsentImport {
    /** The Consent is in the profile; one draft per nested provision, in document order. */
    record Rules(List<RuleDraft> drafts) implements ConsentImport {
        public Rules {
            drafts = List.copyOf(drafts);
        }
    }

    /**
     * The Consent is outside the profile. {@code message} names the element (FHIRPath-like, e.g.
     * {@code Consent.provision.provision[0].period}) and says what is expected; it echoes no more of
     * the input than the offending code or id.
     */
    record Rejected(Reason reason, String message) implements ConsentImport {}

    /** Which part of the profile the Consent breaks. */
    enum Reason {
        NOT_ACTIVE,
        SCOPE,
        CATEGORY,
        PATIENT,
        POLICY_RULE,
        RULE_ID,
        PROVISION,
        ACTOR,
        PERIOD,
        PURPOSE,
        TAG,
        SECURITY_LABEL,
        ACTION,
        UNSUPPORTED_ELEMENT
    }
}
