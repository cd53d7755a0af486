package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Stage 3 of the SPHR pipeline: builds one FHIR R4 {@code collection} Bundle from the parts several
 * organisations released, with one {@code Provenance} per contributing organisation.
 *
 * <p>The Bundle's id is the request id, its timestamp the clock's instant, its {@code meta.tag} the
 * union of the released resources' tags (system {@value TaggedResource#TAG_SYSTEM}) and its {@code
 * meta.security} the union of their labels. Each resource keeps its {@code fullUrl} (Synthea's
 * {@code urn:uuid:} form), so {@code urn:uuid:} references between released resources still
 * resolve; references to withheld resources are left as the source wrote them. Resources arrive in
 * their release form ({@link ReleaseForm}: tags in {@code meta}, conditional references already
 * logical), and their JSON bytes are streamed into the Bundle as they are: no FHIR object model is
 * built on the request path (the output is validated with HAPI's R4 validator in tests). Each
 * Provenance targets its organisation's resources, names {@code Organization/<id>} as agent and
 * records the same instant. Stateless and thread-safe.
 */
public final class SphrAssembler {
    private final Clock clock;
    private final TagMapping mapping;

    public SphrAssembler(Clock clock, TagMapping mapping) {
        this.clock = clock;
        this.mapping = mapping;
    }

    /**
     * Assembles the Bundle. Throws {@link io.trustlake.common.error.TrustlakeException} ({@link
     * ErrorCode#INVALID_ID}) for a malformed request id. A resource that several organisations hold
     * (the same {@code fullUrl}, e.g. the Patient) appears once, in the first part that has it; each
     * organisation's Provenance still names it as a target.
     */
    public AssembledRecord assemble(String requestId, List<SourcePart> parts) {
        Ids.requireRequestId(requestId);
        String now = clock.instant().toString();
        Out out = new Out(initialSize(parts));
        StringBuilder head = new StringBuilder(512).append("{\"resourceType\":\"Bundle\",\"id\":");
        ReleaseForm.quote(head, requestId);
        appendBundleMeta(head, parts);
        head.append(",\"type\":\"collection\",\"timestamp\":");
        ReleaseForm.quote(head, now);
        boolean empty = parts.stream().allMatch(part -> part.resources().isEmpty());
        out.text(head.append(empty ? "}" : ",\"entry\":["));
        if (empty) {
            return out.record(requestId, 0);
        }
        Set<String> seen = new HashSet<>();
        List<StringBuilder> provenances = new ArrayList<>();
        int count = 0;
        for (SourcePart part : parts) {
            List<String> targets = new ArrayList<>();
            for (TaggedResource resource : part.resources()) {
                String identity = resource.fullUrl().isEmpty()
                        ? resource.resourceType() + "/" + resource.resourceId()
                        : resource.fullUrl();
                if (seen.add(identity)) {
                    writeEntry(out, count++ > 0, resource);
                }
                targets.add(identity);
            }
            if (!targets.isEmpty()) {
                provenances.add(provenance(requestId, part, targets, now));
            }
        }
        for (StringBuilder provenance : provenances) {
            if (count++ > 0) {
                out.ascii(",");
            }
            out.text(provenance);
        }
        out.ascii("]}");
        return out.record(requestId, count - provenances.size());
    }

    private static int initialSize(List<SourcePart> parts) {
        long size = 1024;
        for (SourcePart part : parts) {
            for (TaggedResource resource : part.resources()) {
                size += resource.jsonLength() + 96 + 32 + resource.fullUrl().length();
            }
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "the record is too large to assemble");
        }
        return (int) size;
    }

    private static void writeEntry(Out out, boolean comma, TaggedResource resource) {
        out.ascii(comma ? ",{" : "{");
        if (!resource.fullUrl().isEmpty()) {
            out.ascii("\"fullUrl\":");
            out.quoted(resource.fullUrl());
            out.ascii(",");
        }
        out.ascii("\"resource\":");
        resource.writeJsonTo(out);
        out.ascii("}");
    }

    private static StringBuilder provenance(String requestId, SourcePart part, List<String> targets, String now) {
        String id = provenanceId(requestId, part.organisationId());
        StringBuilder json = new StringBuilder(64 + 64 * targets.size()).append("{\"fullUrl\":");
        ReleaseForm.quote(json, "urn:uuid:" + id).append(",\"resource\":{\"resourceType\":\"Provenance\",\"id\":");
        ReleaseForm.quote(json, id).append(",\"target\":[");
        for (int i = 0; i < targets.size(); i++) {
            json.append(i > 0 ? ",{\"reference\":" : "{\"reference\":");
            ReleaseForm.quote(json, targets.get(i)).append('}');
        }
        json.append("],\"recorded\":");
        ReleaseForm.quote(json, now).append(",\"agent\":[{\"who\":{\"reference\":");
        ReleaseForm.quote(json, "Organization/" + part.organisationId()).append(",\"display\":");
        return ReleaseForm.quote(json, part.organisationName()).append("}}]}}");
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

    private void appendBundleMeta(StringBuilder json, List<SourcePart> parts) {
        SortedSet<String> tags = new TreeSet<>();
        SortedSet<String> labels = new TreeSet<>();
        Set<Set<String>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SourcePart part : parts) {
            for (TaggedResource resource : part.resources()) {
                if (seen.add(resource.sharedTags())) {
                    tags.addAll(resource.sharedTags());
                }
                if (seen.add(resource.sharedSecurityLabels())) {
                    labels.addAll(resource.sharedSecurityLabels());
                }
            }
        }
        byte[] members = ReleaseForm.labelMembers(new ResourceTags(tags, labels), mapping);
        if (members.length > 0) {
            json.append(",\"meta\":{")
                    .append(new String(members, StandardCharsets.UTF_8))
                    .append('}');
        }
    }

    /**
     * The Bundle's bytes as they are written: one array, grown only if the estimate was short,
     * handed to the record without another copy.
     */
    static final class Out {
        private byte[] buffer;
        private int size;

        Out(int capacity) {
            buffer = new byte[capacity];
        }

        /** Appends {@code length} bytes of {@code source} from {@code offset}. */
        void bytes(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, buffer, size, length);
            size += length;
        }

        /** Appends text that is known to be ASCII (JSON punctuation and member names). */
        void ascii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                buffer[size++] = (byte) text.charAt(i);
            }
        }

        /** Appends {@code text} as a JSON string, quoted and escaped as Jackson would. */
        void quoted(String text) {
            text(ReleaseForm.quote(new StringBuilder(text.length() + 2), text));
        }

        void text(CharSequence text) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            bytes(bytes, 0, bytes.length);
        }

        AssembledRecord record(String requestId, int resourceCount) {
            return new AssembledRecord(requestId, resourceCount, buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(size + more, buffer.length + (buffer.length >> 1)));
            }
        }
    }
}
