package io.trustlake.lake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Stage 3 of the SPHR pipeline: builds one FHIR R4 {@code collection} Bundle from the parts several
 * organisations released, with one {@code Provenance} per contributing organisation.
 *
 * <p>The Bundle's id is the request id, its timestamp the clock's instant, its {@code meta.tag} the
 * union of the released resources' tags (system {@value TaggedResource#TAG_SYSTEM}) and its {@code
 * meta.security} the union of their labels. Each resource keeps its {@code fullUrl} (Synthea's
 * {@code urn:uuid:} form), so {@code urn:uuid:} references between released resources still
 * resolve; references to withheld resources are left as the source wrote them, and Synthea's
 * conditional references ({@code Practitioner?identifier=system|value}, valid only in transactions)
 * become the equivalent logical references ({@code type} + {@code identifier}). Each Provenance targets its
 * organisation's resources, names {@code Organization/<id>} as agent and records the same instant.
 * Thread-safe: a parser is created per call.
 */
public final class SphrAssembler {
    private final Clock clock;
    private final TagMapping mapping;

    public SphrAssembler(Clock clock, TagMapping mapping) {
        this.clock = clock;
        this.mapping = mapping;
    }

    /**
     * Assembles the Bundle. Throws {@link LakeException} ({@link ErrorCode#BAD_REQUEST}) when a
     * resource is not valid FHIR R4 JSON, and {@link io.trustlake.common.error.TrustlakeException}
     * ({@link ErrorCode#INVALID_ID}) for a malformed request id. A resource that several organisations hold (the same
     * {@code fullUrl}, e.g. the Patient) appears once, in the first part that has it; each
     * organisation's Provenance still names it as a target.
     */
    public AssembledRecord assemble(String requestId, List<SourcePart> parts) {
        Ids.requireRequestId(requestId);
        Date now = Date.from(clock.instant());
        FhirContext context = FhirContext.forR4Cached();
        IParser parser = context.newJsonParser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(now);
        bundle.setId(requestId);
        int count = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SourcePart part : parts) {
            List<Reference> targets = new ArrayList<>();
            for (TaggedResource resource : part.resources()) {
                String identity = resource.fullUrl().isEmpty()
                        ? resource.resourceType() + "/" + resource.resourceId()
                        : resource.fullUrl();
                if (seen.add(identity)) {
                    targets.add(addResource(bundle, context, parser, resource));
                    count++;
                } else {
                    targets.add(new Reference(resource.fullUrl().isEmpty() ? identity : resource.fullUrl()));
                }
            }
            if (!targets.isEmpty()) {
                addProvenance(bundle, provenance(requestId, part, targets, now));
            }
        }
        bundle.setMeta(bundleMeta(parts));
        byte[] bytes = parser.encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
        return new AssembledRecord(requestId, count, bytes);
    }

    private static Reference addResource(Bundle bundle, FhirContext context, IParser parser, TaggedResource tagged) {
        Resource resource = parse(parser, tagged);
        ConditionalReferences.makeLogical(context, resource);
        Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
        String localReference = tagged.resourceType() + "/" + tagged.resourceId();
        if (!tagged.fullUrl().isEmpty()) {
            entry.setFullUrl(tagged.fullUrl());
            return new Reference(tagged.fullUrl());
        }
        return new Reference(localReference);
    }

    private static Resource parse(IParser parser, TaggedResource tagged) {
        try {
            IBaseResource parsed = parser.parseResource(new ByteArrayInputStream(tagged.json()));
            if (parsed instanceof Resource resource) {
                return resource;
            }
        } catch (DataFormatException e) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "not a FHIR R4 resource: " + tagged.resourceType(), e);
        }
        throw new LakeException(ErrorCode.BAD_REQUEST, "not a FHIR R4 resource: " + tagged.resourceType());
    }

    private static Provenance provenance(String requestId, SourcePart part, List<Reference> targets, Date now) {
        Provenance provenance = new Provenance().setTarget(targets).setRecorded(now);
        provenance.setId(provenanceId(requestId, part.organisationId()));
        provenance
                .addAgent()
                .setWho(new Reference("Organization/" + part.organisationId()).setDisplay(part.organisationName()));
        return provenance;
    }

    private static void addProvenance(Bundle bundle, Provenance provenance) {
        bundle.addEntry().setFullUrl("urn:uuid:" + provenance.getIdPart()).setResource(provenance);
    }

    /** A name-based UUID (version 8, RFC 9562) from the request and organisation: stable per request. */
    static String provenanceId(String requestId, String organisationId) {
        byte[] hash =
                Hashes.sha256(("provenance|" + requestId + "|" + organisationId).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    private Meta bundleMeta(List<SourcePart> parts) {
        SortedSet<String> tags = new TreeSet<>();
        SortedSet<String> labels = new TreeSet<>();
        for (SourcePart part : parts) {
            for (TaggedResource resource : part.resources()) {
                tags.addAll(resource.tags());
                labels.addAll(resource.securityLabels());
            }
        }
        Meta meta = new Meta();
        tags.forEach(tag ->
                meta.addTag(new Coding().setSystem(TaggedResource.TAG_SYSTEM).setCode(tag)));
        labels.forEach(
                label -> meta.addSecurity(new Coding(TagMapping.SECURITY_SYSTEM, label, mapping.labelDisplay(label))));
        return meta;
    }
}
