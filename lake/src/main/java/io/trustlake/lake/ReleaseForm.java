package io.trustlake.lake;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a resource's stored JSON into the form it is released in: compact (insignificant
 * whitespace dropped), with its tags in {@code meta.tag} and its sensitivity labels in {@code
 * meta.security}, and with Synthea's conditional references ({@code Practitioner?identifier=s|v},
 * valid only in transactions) rewritten as logical references ({@code type} + {@code identifier}).
 *
 * <p>The fast path copies the bytes in one pass and splices the changes in, without building a
 * tree. Anything it is not sure about (an existing {@code meta.tag} or {@code meta.security}, a
 * key with an escape, a conditional reference in an object that already has a {@code type} or
 * {@code identifier}, a malformed document) sends that resource through the tree path instead,
 * which gives the same JSON (same members and values). Stateless and thread-safe.
 */
final class ReleaseForm {
    private static final Pattern CONDITIONAL = Pattern.compile("([A-Z][A-Za-z]+)\\?identifier=([^|]*\\|)?(.+)");
    private static final byte[] META = ascii("meta");
    private static final byte[] REFERENCE = ascii("reference");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] IDENTIFIER = ascii("identifier");
    private static final byte[] TAG = ascii("tag");
    private static final byte[] SECURITY = ascii("security");
    private static final byte[] CONDITIONAL_MARK = ascii("?identifier=");
    private static final int HAS_TYPE = 1;
    private static final int HAS_IDENTIFIER = 2;
    private static final int HAS_CONDITIONAL = 4;
    private static final int MAX_DEPTH = 256;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = LOW_BITS * '"';
    private static final long BACKSLASHES = LOW_BITS * '\\';
    private static final long SPACES = LOW_BITS * ' ';

    private static long wordAt(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    private ReleaseForm() {}

    /** The release form of {@code length} bytes of stored resource JSON at {@code offset}. */
    static byte[] of(byte[] source, int offset, int length, ResourceTags tags, TagMapping mapping) {
        Writer writer = new Writer(length + 256);
        int start = writer.append(source, offset, length, tags, mapping);
        return Arrays.copyOfRange(writer.buffer(), start, writer.size());
    }

    /**
     * Appends release forms of many resources to one growing buffer, so a selection allocates one
     * array instead of one per resource. A slice handed out stays valid: growing copies the buffer
     * and never writes into the old array again. Not thread-safe: one writer per selection.
     */
    static final class Writer {
        private final Splicer splicer = new Splicer();
        private byte[] out;
        private int size;
        private int labelsAt = -1;

        Writer(int capacity) {
            this.out = new byte[Math.max(64, capacity)];
        }

        /** Appends the release form and returns where it starts in {@link #buffer()}. */
        int append(byte[] source, int offset, int length, ResourceTags tags, TagMapping mapping) {
            return append(source, offset, length, tags, labelMembers(tags, mapping), mapping);
        }

        /** As {@link #append(byte[], int, int, ResourceTags, TagMapping)}, given {@link #labelMembers}. */
        int append(byte[] source, int offset, int length, ResourceTags tags, byte[] labels, TagMapping mapping) {
            int start = size;
            labelsAt = -1;
            ensure(length + labels.length + 32);
            if (labels.length > 0 && splicer.run(source, offset, length, labels, out, start)) {
                out = splicer.out;
                size = splicer.written;
                labelsAt = splicer.labelsAt;
                return start;
            }
            out = splicer.out == null ? out : splicer.out;
            byte[] tree = viaTree(Arrays.copyOfRange(source, offset, offset + length), tags, mapping);
            size = start;
            ensure(tree.length);
            System.arraycopy(tree, 0, out, start, tree.length);
            size = start + tree.length;
            return start;
        }

        /**
         * Appends a stored release form ({@code length} bytes at {@code offset}) with the {@code
         * labels} it was stored with ({@code labelsLength} bytes from {@code labelsAt}) replaced by
         * {@code labels}; returns where it starts in {@link #buffer()}.
         */
        int appendWithLabels(byte[] form, int offset, int length, int labelsAt, int labelsLength, byte[] labels) {
            int start = size;
            ensure(length - labelsLength + labels.length);
            int head = labelsAt - offset;
            System.arraycopy(form, offset, out, size, head);
            System.arraycopy(labels, 0, out, size + head, labels.length);
            int tail = length - head - labelsLength;
            System.arraycopy(form, labelsAt + labelsLength, out, size + head + labels.length, tail);
            size += head + labels.length + tail;
            this.labelsAt = -1;
            return start;
        }

        /**
         * Where the labels of the last {@link #append} lie in {@link #buffer()}, or -1 when that
         * resource took the tree path (its labels are then not one run of bytes).
         */
        int labelsAt() {
            return labelsAt;
        }

        /** Drops everything from {@code newSize} on (the last append, say). */
        void truncate(int newSize) {
            size = Math.min(size, newSize);
            labelsAt = -1;
        }

        /** The buffer; valid up to {@link #size()}. */
        byte[] buffer() {
            return out;
        }

        int size() {
            return size;
        }

        private void ensure(int more) {
            if (size + more > out.length) {
                out = Arrays.copyOf(out, Math.max(size + more, out.length + (out.length >> 1)));
            }
        }
    }

    /** The tree path: the reference behaviour, also used when the fast path declines. */
    static byte[] viaTree(byte[] json, ResourceTags tags, TagMapping mapping) {
        ObjectNode resource = FhirJson.readStoredObject(json);
        MetaLabels.apply(resource, tags, mapping);
        makeLogical(resource);
        return FhirJson.write(resource);
    }

    /** Rewrites every conditional {@code reference} in the tree as {@code type} + {@code identifier}. */
    static void makeLogical(JsonNode node) {
        if (node.isArray()) {
            node.forEach(ReleaseForm::makeLogical);
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        Matcher matcher = CONDITIONAL.matcher(FhirJson.text(object, "reference"));
        if (matcher.matches()) {
            object.remove("reference");
            object.put("type", matcher.group(1));
            ObjectNode identifier = object.putObject("identifier");
            if (matcher.group(2) != null && matcher.group(2).length() > 1) {
                identifier.put(
                        "system", matcher.group(2).substring(0, matcher.group(2).length() - 1));
            }
            identifier.put("value", matcher.group(3));
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            makeLogical(field.getValue());
        }
    }

    /**
     * {@code "tag":[…],"security":[…]}, each only when not empty (so empty when there are neither
     * tags nor labels).
     */
    static byte[] labelMembers(ResourceTags tags, TagMapping mapping) {
        StringBuilder json = new StringBuilder(64 + 48 * tags.tags().size());
        if (!tags.tags().isEmpty()) {
            appendTags(json, tags);
        }
        if (!tags.securityLabels().isEmpty()) {
            json.append(tags.tags().isEmpty() ? "" : ",");
            appendLabels(json, tags, mapping);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendTags(StringBuilder json, ResourceTags tags) {
        json.append("\"tag\":[");
        String separator = "";
        for (String tag : tags.tags()) {
            json.append(separator).append("{\"system\":");
            quote(json, TaggedResource.TAG_SYSTEM).append(",\"code\":");
            quote(json, tag).append('}');
            separator = ",";
        }
        json.append(']');
    }

    private static void appendLabels(StringBuilder json, ResourceTags tags, TagMapping mapping) {
        json.append("\"security\":[");
        String separator = "";
        for (String label : tags.securityLabels()) {
            json.append(separator).append("{\"system\":");
            quote(json, TagMapping.SECURITY_SYSTEM).append(",\"code\":");
            quote(json, label).append(",\"display\":");
            quote(json, mapping.labelDisplay(label)).append('}');
            separator = ",";
        }
        json.append(']');
    }

    static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        if (needsNoEscape(text)) {
            json.append(text);
        } else {
            JsonStringEncoder.getInstance().quoteAsString(text, json);
        }
        return json.append('"');
    }

    /** Printable ASCII without a quote or backslash: what Jackson's encoder leaves as it is. */
    private static boolean needsNoEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The fast path, reused resource after resource: {@link #run} appends to {@code out} from {@code
     * written} (which must leave room for the input plus the labels) and returns false to decline.
     * Input is not copied token by token: {@code copied} marks how far the input has been written
     * out, and bytes are copied in runs only where something is dropped (whitespace) or spliced in,
     * so a compact resource is copied in a few large pieces.
     */
    private static final class Splicer {
        private static final byte[] NOTHING = new byte[0];
        private static final byte[] COMMA = ascii(",");
        private static final byte[] CLOSE_BRACE = ascii("}");
        private static final byte[] COLON = ascii(":");
        private static final byte[] META_OPEN = ascii("\"meta\":{");
        private static final byte[] COMMA_META = ascii(",\"meta\":{");

        private final int[] flags = new int[MAX_DEPTH + 1];
        private final Map<String, byte[]> logicalReferences = new HashMap<>();
        private byte[] in;
        private int end;
        private byte[] labels;
        private byte[] out;
        private int position;
        private int copied;
        private int written;
        private int depth;
        private boolean metaSeen;
        private boolean escapedString;
        private int labelsAt;

        boolean run(byte[] source, int offset, int length, byte[] labelJson, byte[] target, int from) {
            in = source;
            end = offset + length;
            labels = labelJson;
            position = skip(offset);
            copied = position;
            out = target;
            written = from;
            depth = 0;
            metaSeen = false;
            labelsAt = -1;
            if (position >= end || in[position] != '{') {
                return false;
            }
            while (position < end) {
                if (!step()) {
                    return false;
                }
                if (depth == 0) {
                    break;
                }
            }
            flush(position);
            return depth == 0 && skip(position) == end && written > from;
        }

        private boolean step() {
            byte c = in[position];
            switch (c) {
                case ' ', '\n', '\r', '\t' -> {
                    drop(skip(position + 1));
                    return true;
                }
                case '"' -> {
                    return string();
                }
                case '{', '[' -> {
                    return open();
                }
                case '}' -> {
                    return closeObject();
                }
                case ']' -> {
                    depth--;
                    position++;
                    return true;
                }
                case ',' -> {
                    position++;
                    return true;
                }
                default -> {
                    position = scalarEnd(position);
                    return true;
                }
            }
        }

        private boolean open() {
            if (depth == MAX_DEPTH) {
                return false;
            }
            depth++;
            flags[depth] = 0;
            position++;
            return true;
        }

        private boolean closeObject() {
            if (depth <= 0) {
                return false;
            }
            int f = flags[depth];
            if ((f & HAS_CONDITIONAL) != 0 && (f & (HAS_TYPE | HAS_IDENTIFIER)) != 0) {
                return false;
            }
            if (depth == 1 && !metaSeen) {
                insert(COMMA_META, labels, CLOSE_BRACE);
            }
            depth--;
            position++;
            return true;
        }

        private int scalarEnd(int from) {
            int i = from;
            while (i < end) {
                byte c = in[i];
                if (c == ',' || c == ':' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'
                        || c == '"' || c == '{' || c == '[') {
                    break;
                }
                i++;
            }
            return i == from ? from + 1 : i;
        }

        private boolean string() {
            int start = position;
            int close = stringEnd(start);
            if (close < 0) {
                return false;
            }
            boolean escaped = escapedString;
            int colon = close + 1;
            if (colon < end && in[colon] != ':') {
                if (!isWhitespace(in[colon])) {
                    position = colon;
                    return true;
                }
                colon = skip(colon);
            }
            if (colon >= end || in[colon] != ':') {
                position = close + 1;
                return true;
            }
            if (escaped) {
                return false;
            }
            int value = colon + 1 < end && in[colon + 1] > ' ' ? colon + 1 : skip(colon + 1);
            return key(start, close, value);
        }

        private boolean key(int start, int close, int value) {
            if (value >= end) {
                return false;
            }
            int length = close - start - 1;
            if (length == META.length && depth == 1 && equals(start + 1, close, META)) {
                return meta(start, value);
            }
            if (length == TYPE.length && depth >= 1 && equals(start + 1, close, TYPE)) {
                flags[depth] |= HAS_TYPE;
            } else if (length == IDENTIFIER.length && depth >= 1 && equals(start + 1, close, IDENTIFIER)) {
                flags[depth] |= HAS_IDENTIFIER;
            } else if (length == REFERENCE.length
                    && equals(start + 1, close, REFERENCE)
                    && in[value] == '"'
                    && isConditional(value)) {
                return reference(value);
            }
            if (value != close + 2) {
                flush(close + 1);
                append(COLON);
                copied = value;
            }
            position = value;
            return true;
        }

        private boolean isConditional(int value) {
            int close = stringEnd(value);
            return close < 0 || indexOf(value + 1, close, CONDITIONAL_MARK) >= 0;
        }

        private boolean meta(int start, int value) {
            if (metaSeen || in[value] != '{' || metaHasLabels(value)) {
                return false;
            }
            metaSeen = true;
            flush(start);
            int first = skip(value + 1);
            copied = value + 1;
            insert(META_OPEN, labels, first < end && in[first] != '}' ? COMMA : NOTHING);
            depth++;
            flags[depth] = 0;
            position = value + 1;
            return true;
        }

        /** Whether the meta object at {@code open} has a {@code tag} or {@code security} member. */
        private boolean metaHasLabels(int open) {
            int level = 0;
            int i = open;
            while (i < end) {
                byte c = in[i];
                if (c == '"') {
                    int close = stringEnd(i);
                    if (close < 0) {
                        return true;
                    }
                    int colon = skip(close + 1);
                    if (level == 1
                            && colon < end
                            && in[colon] == ':'
                            && (equals(i + 1, close, TAG) || equals(i + 1, close, SECURITY) || escapedString)) {
                        return true;
                    }
                    i = close + 1;
                    continue;
                }
                if (c == '{' || c == '[') {
                    level++;
                } else if (c == '}' || c == ']') {
                    level--;
                    if (level == 0) {
                        return false;
                    }
                }
                i++;
            }
            return true;
        }

        private boolean reference(int value) {
            int close = stringEnd(value);
            if (close < 0 || escapedString) {
                return false;
            }
            byte[] logical = logicalReferences.computeIfAbsent(
                    new String(in, value + 1, close - value - 1, StandardCharsets.UTF_8), Splicer::logical);
            if (logical.length == 0) {
                return false;
            }
            flags[depth] |= HAS_CONDITIONAL;
            int key = position;
            flush(key);
            copied = close + 1;
            position = close + 1;
            insert(NOTHING, logical, NOTHING);
            return true;
        }

        /**
         * {@code "type":…,"identifier":{…}} for a conditional reference, or an empty array when the
         * text is not one. The same few practitioners and organisations recur all through a record,
         * so each is worked out once per splicer.
         */
        private static byte[] logical(String reference) {
            Matcher matcher = CONDITIONAL.matcher(reference);
            if (!matcher.matches()) {
                return NOTHING;
            }
            StringBuilder logical = new StringBuilder(96).append("\"type\":");
            quote(logical, matcher.group(1)).append(",\"identifier\":{");
            if (matcher.group(2) != null && matcher.group(2).length() > 1) {
                logical.append("\"system\":");
                quote(logical, matcher.group(2).substring(0, matcher.group(2).length() - 1))
                        .append(',');
            }
            logical.append("\"value\":");
            quote(logical, matcher.group(3)).append('}');
            return logical.toString().getBytes(StandardCharsets.UTF_8);
        }

        /**
         * Index of the closing quote of the string opening at {@code open}, or -1. Eight bytes at a
         * time: the lowest flagged byte of a word is exact ({@link #special}), so it is found
         * without going back over the word byte by byte.
         */
        private int stringEnd(int open) {
            escapedString = false;
            int i = open + 1;
            while (i + Long.BYTES <= end) {
                long found = special(wordAt(in, i));
                if (found == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(found) >>> 3;
                byte c = in[i];
                if (c == '"') {
                    return i;
                }
                if (c != '\\') {
                    return -1;
                }
                escapedString = true;
                i += 2;
            }
            for (; i < end; i++) {
                byte c = in[i];
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    escapedString = true;
                    i++;
                } else if ((c & 0xff) < 0x20) {
                    return -1;
                }
            }
            return -1;
        }

        /**
         * The high bit of each byte of {@code word} that is a quote, a backslash or a control
         * character (below 0x20): the bytes that end or interrupt a plain run of string content;
         * zero when there is none. The lowest flagged byte is always exact (borrows only run
         * towards higher bytes, past a byte that is flagged anyway); higher ones may not be.
         */
        private static long special(long word) {
            long quote = word ^ QUOTES;
            long backslash = word ^ BACKSLASHES;
            long found =
                    ((quote - LOW_BITS) & ~quote) | ((backslash - LOW_BITS) & ~backslash) | ((word - SPACES) & ~word);
            return found & HIGH_BITS;
        }

        private static boolean isWhitespace(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t';
        }

        private int skip(int from) {
            int i = from;
            while (i + Long.BYTES <= end && wordAt(in, i) == SPACES) {
                i += Long.BYTES;
            }
            while (i < end && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) {
                i++;
            }
            return i;
        }

        private boolean equals(int from, int to, byte[] expected) {
            return to - from == expected.length && Arrays.equals(in, from, to, expected, 0, expected.length);
        }

        private int indexOf(int from, int to, byte[] needle) {
            outer:
            for (int i = from; i <= to - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (in[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** Writes the input not yet written, up to {@code to}. */
        private void flush(int to) {
            int count = to - copied;
            if (count > 0) {
                System.arraycopy(in, copied, out, written, count);
                written += count;
                copied = to;
            }
        }

        /** Drops the input from {@code position} to {@code to} (whitespace). */
        private void drop(int to) {
            flush(position);
            copied = to;
            position = to;
        }

        private void append(byte[] bytes) {
            System.arraycopy(bytes, 0, out, written, bytes.length);
            written += bytes.length;
        }

        /**
         * Writes inserted bytes after flushing the input up to {@code position} (callers that
         * replace input flush and move {@code copied} first), growing the output so the rest of
         * the input still fits.
         */
        private void insert(byte[] head, byte[] middle, byte[] tail) {
            flush(position);
            int needed = written + head.length + middle.length + tail.length + (end - copied) + 1;
            if (needed > out.length) {
                out = Arrays.copyOf(out, Math.max(needed, out.length * 2));
            }
            append(head);
            if (middle == labels) {
                labelsAt = written;
            }
            append(middle);
            append(tail);
        }
    }
}
