package io.trustlake.lake;

import ca.uhn.fhir.context.FhirContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns conditional references ({@code Practitioner?identifier=system|value}, as Synthea writes
 * them for transaction bundles) into logical references ({@code type} + {@code identifier}), the
 * form FHIR allows outside a transaction. The meaning is unchanged; the raw zone keeps the source's
 * form. Stateless.
 */
final class ConditionalReferences {
    private static final Pattern CONDITIONAL = Pattern.compile("([A-Z][A-Za-z]+)\\?identifier=([^|]*\\|)?(.+)");

    private ConditionalReferences() {}

    static void makeLogical(FhirContext context, Resource resource) {
        for (Reference reference : context.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            Matcher matcher = CONDITIONAL.matcher(reference.getReference() == null ? "" : reference.getReference());
            if (matcher.matches()) {
                Identifier identifier = new Identifier().setValue(matcher.group(3));
                if (matcher.group(2) != null && matcher.group(2).length() > 1) {
                    String system = matcher.group(2);
                    identifier.setSystem(system.substring(0, system.length() - 1));
                }
                reference.setReference(null).setType(matcher.group(1)).setIdentifier(identifier);
            }
        }
    }
}
