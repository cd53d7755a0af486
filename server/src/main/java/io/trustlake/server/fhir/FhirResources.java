package io.trustlake.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.trustlake.server.http.Pages;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR R4 JSON in and out, and the Bundles and OperationOutcomes of the façade. Thread-safe: a new
 * parser per call over the shared, cached R4 context.
 */
public final class FhirResources {
    public static final String CONTENT_TYPE = "application/fhir+json";
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private FhirResources() {}

    /** Compact JSON; versioned references (e.g. {@code Consent/{id}/_history/2}) keep their version. */
    public static String encode(IBaseResource resource) {
        return parser().encodeResourceToString(resource);
    }

    /**
     * A resource of {@code type} from JSON, parsed strictly: unknown elements, invalid values and
     * other resource types are refused with a plain-language reason.
     */
    public static <T extends IBaseResource> Parsed<T> parse(String json, Class<T> type) {
        try {
            IParser parser = parser().setParserErrorHandler(new StrictErrorHandler());
            return new Parsed.Read<>(parser.parseResource(type, json));
        } catch (DataFormatException e) {
            return new Parsed.Unreadable<>(withoutCode(String.valueOf(e.getMessage())));
        }
    }

    /** A parse result: the resource, or why there is none. */
    public sealed interface Parsed<T> {
        record Read<T>(T resource) implements Parsed<T> {}

        record Unreadable<T>(String reason) implements Parsed<T> {}
    }

    /** A {@code searchset} Bundle: every resource a match, its fullUrl {@code {base}/{type}/{id}}. */
    public static Bundle searchset(List<? extends Resource> resources, String base, String self) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.size());
        bundle.addLink().setRelation("self").setUrl(self);
        for (Resource resource : resources) {
            bundle.addEntry()
                    .setFullUrl(fullUrl(base, resource))
                    .setResource(resource)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /** A {@code collection} Bundle of resources, e.g. the Consents one import created. */
    public static Bundle collection(List<? extends Resource> resources, String base) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(fullUrl(base, resource)).setResource(resource);
        }
        return bundle;
    }

    public static String fullUrl(String base, Resource resource) {
        return base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /** A generated narrative: {@code text} as one escaped XHTML paragraph. */
    public static Narrative narrative(String text) {
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + Pages.esc(text) + "</p></div>");
        return narrative;
    }

    /** An OperationOutcome with one issue; {@code diagnostics} is shown to the client as is. */
    public static OperationOutcome outcome(
            OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
        return outcome;
    }

    private static IParser parser() {
        return CONTEXT.newJsonParser().setStripVersionsFromReferences(false);
    }

    /** HAPI's message on one line, without its internal codes ({@code HAPI-1234: }), at most 300 characters. */
    private static String withoutCode(String message) {
        String text = message.replaceAll("HAPI-\\d+: ", "")
                .replaceAll("\\s*\\R\\s*", " ")
                .strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
