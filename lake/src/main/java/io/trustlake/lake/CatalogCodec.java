package io.trustlake.lake;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a {@link CatalogEntry}: a versioned binary record (version byte, then the
 * fields in declaration order as modified-UTF-8 strings, counts and integers), because selecting a
 * patient's record decodes thousands of entries and JSON data binding dominated that. Entries
 * written as JSON by earlier versions (first byte an opening brace) are still read. A {@link Decoder}
 * reuses the raw key and source of the previous entry when they repeat, as they do for every
 * resource of one bundle. Stateless; a Decoder is not thread-safe.
 */
final class CatalogCodec {
    /** An entry without a release copy: the fields end with the version number. */
    private static final byte VERSION_1 = 1;

    /** An entry with a release copy: version 1's fields, then the copy's. */
    private static final byte VERSION = 2;

    private CatalogCodec() {}

    static byte[] encode(CatalogEntry entry) {
        Encoder out = new Encoder(
                256 + 16 * entry.tags().size() + entry.lineage().source().name().length());
        try {
            ReleaseCopy copy = entry.copy();
            out.writeByte(copy == null ? VERSION_1 : VERSION);
            out.writeUtf(entry.patientId());
            out.writeUtf(entry.resourceType());
            out.writeUtf(entry.resourceId());
            out.writeUtf(entry.fullUrl());
            out.writeList(entry.tags());
            out.writeList(entry.securityLabels());
            out.writeUtf(entry.date());
            out.writeUtf(entry.raw().key().value());
            out.writeLong(entry.raw().offset());
            out.writeInt(entry.raw().length());
            out.writeUtf(entry.sha256());
            out.writeUtf(entry.lineage().source().system());
            out.writeUtf(entry.lineage().source().name());
            out.writeUtf(entry.lineage().sourceResourceId());
            Instant fetchedAt = entry.lineage().fetchedAt();
            out.writeLong(fetchedAt.getEpochSecond());
            out.writeInt(fetchedAt.getNano());
            out.writeLong(entry.version());
            if (copy != null) {
                out.writeUtf(copy.key().value());
                out.writeLong(copy.offset());
                out.writeInt(copy.length());
                out.writeInt(copy.labelsAt());
                out.writeInt(copy.labelsLength());
                out.writeUtf(copy.sha256());
            }
        } catch (IOException e) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "a catalog field is too long to store", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes what {@link DataOutputStream} would: big-endian numbers and modified UTF-8 text with a
     * two-byte length. ASCII text (the common case) is copied straight in; any other text goes
     * through {@link DataOutputStream#writeUTF}.
     */
    private static final class Encoder {
        private byte[] out;
        private int size;

        Encoder(int capacity) {
            out = new byte[capacity];
        }

        void writeByte(int value) {
            ensure(1);
            out[size++] = (byte) value;
        }

        /** As {@link DataOutputStream#writeShort} of the count (so only its low 16 bits), then each value. */
        void writeList(List<String> values) throws IOException {
            writeShort(values.size());
            for (String value : values) {
                writeUtf(value);
            }
        }

        void writeUtf(String text) throws IOException {
            int length = text.length();
            if (length <= 0xffff && isPlainAscii(text)) {
                writeShort(length);
                ensure(length);
                for (int i = 0; i < length; i++) {
                    out[size + i] = (byte) text.charAt(i);
                }
                size += length;
                return;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(length + 16);
            try (DataOutputStream data = new DataOutputStream(bytes)) {
                data.writeUTF(text);
            }
            byte[] encoded = bytes.toByteArray();
            ensure(encoded.length);
            System.arraycopy(encoded, 0, out, size, encoded.length);
            size += encoded.length;
        }

        /** Characters 1-127 only, each one byte in modified UTF-8. */
        private static boolean isPlainAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 0 || c > 0x7f) {
                    return false;
                }
            }
            return true;
        }

        private void writeShort(int value) {
            ensure(2);
            out[size++] = (byte) (value >>> 8);
            out[size++] = (byte) value;
        }

        void writeInt(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out[size++] = (byte) (value >>> shift);
            }
        }

        void writeLong(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[size++] = (byte) (value >>> shift);
            }
        }

        private void ensure(int more) {
            if (size + more > out.length) {
                out = Arrays.copyOf(out, Math.max(size + more, out.length * 2));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(out, size);
        }
    }

    /**
     * Decodes entries, sharing repeated raw keys and sources between consecutive ones. Reads the
     * stored bytes in place: a field of ASCII text (every field Trustlake writes, in practice) becomes
     * a string without a detour through characters; any other text is decoded as {@link
     * DataInputStream#readUTF} does.
     */
    static final class Decoder {
        private final String[] known = new String[32];
        private final byte[][] knownBytes = new byte[32][];
        private int knownCount;
        private ObjectKey lastKey;
        private ObjectKey lastCopyKey;
        private Source lastSource;
        private byte[] in;
        private int position;

        CatalogEntry decode(byte[] stored) {
            if (stored.length > 0 && stored[0] == '{') {
                return Json.decode(stored, CatalogEntry.class);
            }
            if (stored.length == 0 || (stored[0] != VERSION && stored[0] != VERSION_1)) {
                throw new LakeException(ErrorCode.TAMPERING_DETECTED, "unknown catalog entry format");
            }
            in = stored;
            position = 1;
            try {
                CatalogEntry entry = read();
                if (stored[0] == VERSION_1) {
                    return entry;
                }
                ReleaseCopy copy = readCopy();
                if (position != stored.length) {
                    throw new EOFException("a catalog entry has bytes after its end");
                }
                return entry.withCopy(copy);
            } catch (IOException e) {
                throw new LakeException(ErrorCode.TAMPERING_DETECTED, "a catalog entry is damaged", e);
            } finally {
                in = null;
            }
        }

        private CatalogEntry read() throws IOException {
            String patientId = readKnown();
            String resourceType = readKnown();
            String resourceId = readUtf();
            String fullUrl = readUtf();
            List<String> tags = readList();
            List<String> labels = readList();
            String date = readUtf();
            RawSlice raw = new RawSlice(key(readUtf()), readLong(), readInt());
            String sha256 = readUtf();
            Source source = source(readUtf(), readUtf());
            Lineage lineage = new Lineage(source, readUtf(), Instant.ofEpochSecond(readLong(), readInt()));
            return new CatalogEntry(
                    patientId,
                    resourceType,
                    resourceId,
                    fullUrl,
                    tags,
                    labels,
                    date,
                    raw,
                    sha256,
                    lineage,
                    readLong(),
                    null);
        }

        private ReleaseCopy readCopy() throws IOException {
            String key = readUtf();
            try {
                if (lastCopyKey == null || !lastCopyKey.value().equals(key)) {
                    lastCopyKey = ObjectKey.of(key);
                }
                return new ReleaseCopy(lastCopyKey, readLong(), readInt(), readInt(), readInt(), readUtf());
            } catch (LakeException e) {
                throw new EOFException("a catalog entry's release copy is out of range");
            }
        }

        private List<String> readList() throws IOException {
            int count = readUnsignedShort();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(readKnown());
            }
            return values;
        }

        private String readUtf() throws IOException {
            int length = readUnsignedShort();
            require(length);
            int start = position;
            for (int i = start; i < start + length; i++) {
                if (in[i] <= 0) {
                    DataInputStream slow = new DataInputStream(new ByteArrayInputStream(in, start - 2, length + 2));
                    position = start + length;
                    return slow.readUTF();
                }
            }
            position = start + length;
            return new String(in, start, length, StandardCharsets.ISO_8859_1);
        }

        /**
         * As {@link #readUtf} for a field with few distinct values (patient id, resource type,
         * tags, labels): the same instance comes back for the same bytes, so its hash is worked
         * out once per decoder rather than once per entry.
         */
        private String readKnown() throws IOException {
            int at = position;
            int length = readUnsignedShort();
            require(length);
            for (int i = 0; i < knownCount; i++) {
                byte[] bytes = knownBytes[i];
                if (bytes.length == length && Arrays.equals(bytes, 0, length, in, position, position + length)) {
                    position += length;
                    return known[i];
                }
            }
            position = at;
            String value = readUtf();
            if (knownCount < known.length) {
                knownBytes[knownCount] = Arrays.copyOfRange(in, at + 2, position);
                known[knownCount++] = value;
            }
            return value;
        }

        private int readUnsignedShort() throws IOException {
            require(2);
            int value = ((in[position] & 0xff) << 8) | (in[position + 1] & 0xff);
            position += 2;
            return value;
        }

        private int readInt() throws IOException {
            require(4);
            int value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (in[position++] & 0xff);
            }
            return value;
        }

        private long readLong() throws IOException {
            require(8);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (in[position++] & 0xff);
            }
            return value;
        }

        private void require(int bytes) throws EOFException {
            if (in.length - position < bytes) {
                throw new EOFException("a catalog entry ends early");
            }
        }

        private ObjectKey key(String value) {
            if (lastKey == null || !lastKey.value().equals(value)) {
                lastKey = ObjectKey.of(value);
            }
            return lastKey;
        }

        private Source source(String system, String name) {
            if (lastSource == null
                    || !lastSource.system().equals(system)
                    || !lastSource.name().equals(name)) {
                lastSource = new Source(system, name);
            }
            return lastSource;
        }
    }
}
