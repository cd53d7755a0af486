package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structured zone's release copies: for each delivery, the release form ({@link ReleaseForm})
 * of each of its tagged resources, made once at ingestion so that a record request only reads,
 * checks and splices the current labels in ({@link ResourceSelection}) instead of rewriting the
 * stored JSON every time. Copies are derived data: a missing or damaged one is released from the
 * raw zone instead and rebuilt by the {@link Scrubber}. Thread-safe.
 */
final class ReleaseCopies {
    private final ObjectStore store;
    private final TagMapping mapping;

    ReleaseCopies(ObjectStore store, TagMapping mapping) {
        this.store = store;
        this.mapping = mapping;
    }

    /** One resource to copy: {@code length} bytes of stored JSON at {@code offset}, and its tags. */
    record Stored(int offset, int length, ResourceTags tags) {}

    /**
     * Makes and stores the copies of {@code resources} (all lying in {@code json}) as one object;
     * the result holds each one's {@link ReleaseCopy}, or null where there is none (untagged, or the
     * fast path declined it). Stores nothing when no resource has a copy, and nothing when an object
     * of the same content address is there already.
     */
    List<ReleaseCopy> write(byte[] json, List<Stored> resources) {
        return write(json, resources, false);
    }

    /** As {@link #write(byte[], List)}, but replacing an object already there (it may be damaged). */
    List<ReleaseCopy> rewrite(byte[] json, List<Stored> resources) {
        return write(json, resources, true);
    }

    private List<ReleaseCopy> write(byte[] json, List<Stored> resources, boolean replace) {
        ReleaseForm.Writer writer = new ReleaseForm.Writer(json.length + json.length / 8);
        Map<ResourceTags, byte[]> labels = new HashMap<>();
        List<Span> spans = new ArrayList<>(resources.size());
        List<String> hashes = new ArrayList<>(resources.size());
        boolean any = false;
        for (Stored resource : resources) {
            Span span = resource.tags().tags().isEmpty() ? null : append(writer, json, resource, labels);
            spans.add(span);
            hashes.add(span == null ? null : Hex.encode(Hashes.sha256(writer.buffer(), span.start(), span.length())));
            any |= span != null;
        }
        List<ReleaseCopy> copies = new ArrayList<>(resources.size());
        if (!any) {
            resources.forEach(resource -> copies.add(null));
            return copies;
        }
        byte[] content = Arrays.copyOf(writer.buffer(), writer.size());
        ObjectKey key = Zone.STRUCTURED.key(Hex.encode(Hashes.sha256(content)));
        if (replace || !store.exists(key)) {
            store.put(key, content);
        }
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            copies.add(
                    span == null
                            ? null
                            : new ReleaseCopy(
                                    key,
                                    span.start(),
                                    span.length(),
                                    span.labelsAt(),
                                    span.labelsLength(),
                                    hashes.get(i)));
        }
        return copies;
    }

    /** Where one release form lies in the writer, its labels counted from its start. */
    private record Span(int start, int length, int labelsAt, int labelsLength) {}

    /** Appends one release form; null (and nothing appended) when the fast path declines it. */
    private Span append(ReleaseForm.Writer writer, byte[] json, Stored resource, Map<ResourceTags, byte[]> labels) {
        byte[] members = labels.computeIfAbsent(resource.tags(), tags -> ReleaseForm.labelMembers(tags, mapping));
        int start = writer.append(json, resource.offset(), resource.length(), resource.tags(), members, mapping);
        int labelsAt = writer.labelsAt();
        if (labelsAt < 0) {
            writer.truncate(start);
            return null;
        }
        return new Span(start, writer.size() - start, labelsAt - start, members.length);
    }

    /** The bytes of a slice of a copy object, or empty when it is missing or too short. */
    Optional<byte[]> read(RawSlice slice) {
        return store.read(slice.key(), slice.offset(), slice.length());
    }
}
