package io.trustlake.lake;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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
    private static final byte VERSION = 1;

    private CatalogCodec() {}

    static byte[] encode(CatalogEntry entry) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + 16 * entry.tags().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(entry.patientId());
            out.writeUTF(entry.resourceType());
            out.writeUTF(entry.resourceId());
            out.writeUTF(entry.fullUrl());
            writeList(out, entry.tags());
            writeList(out, entry.securityLabels());
            out.writeUTF(entry.date());
            out.writeUTF(entry.raw().key().value());
            out.writeLong(entry.raw().offset());
            out.writeInt(entry.raw().length());
            out.writeUTF(entry.sha256());
            out.writeUTF(entry.lineage().source().system());
            out.writeUTF(entry.lineage().source().name());
            out.writeUTF(entry.lineage().sourceResourceId());
            Instant fetchedAt = entry.lineage().fetchedAt();
            out.writeLong(fetchedAt.getEpochSecond());
            out.writeInt(fetchedAt.getNano());
            out.writeLong(entry.version());
        } catch (IOException e) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "a catalog field is too long to store", e);
        }
        return bytes.toByteArray();
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeShort(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    /** Decodes entries, sharing repeated raw keys and sources between consecutive ones. */
    static final class Decoder {
        private ObjectKey lastKey;
        private Source lastSource;

        CatalogEntry decode(byte[] stored) {
            if (stored.length > 0 && stored[0] == '{') {
                return Json.decode(stored, CatalogEntry.class);
            }
            if (stored.length == 0 || stored[0] != VERSION) {
                throw new LakeException(ErrorCode.TAMPERING_DETECTED, "unknown catalog entry format");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored, 1, stored.length - 1))) {
                return read(in);
            } catch (IOException e) {
                throw new LakeException(ErrorCode.TAMPERING_DETECTED, "a catalog entry is damaged", e);
            }
        }

        private CatalogEntry read(DataInputStream in) throws IOException {
            String patientId = in.readUTF();
            String resourceType = in.readUTF();
            String resourceId = in.readUTF();
            String fullUrl = in.readUTF();
            List<String> tags = readList(in);
            List<String> labels = readList(in);
            String date = in.readUTF();
            RawSlice raw = new RawSlice(key(in.readUTF()), in.readLong(), in.readInt());
            String sha256 = in.readUTF();
            Source source = source(in.readUTF(), in.readUTF());
            Lineage lineage = new Lineage(source, in.readUTF(), Instant.ofEpochSecond(in.readLong(), in.readInt()));
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
                    in.readLong());
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

        private static List<String> readList(DataInputStream in) throws IOException {
            int count = in.readUnsignedShort();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(in.readUTF());
            }
            return values;
        }
    }
}
