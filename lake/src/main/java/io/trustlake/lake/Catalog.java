package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The structured zone: one RocksDB database with four column families.
 *
 * <ul>
 *   <li>{@code resources}: {@code patientId/sourceSystem/resourceType/resourceId} → {@link
 *       CatalogEntry} ({@link CatalogCodec}), so one patient's resources are one prefix scan;
 *   <li>{@code patient-links}: {@code sourceSystem/sourcePatientId} → Trustlake patient id;
 *   <li>{@code patients}: patient id → nothing (the set of known patients);
 *   <li>{@code deliveries}: request id → delivery metadata or tombstone (JSON);
 *   <li>{@code recipient-keys}: user id → the public JWK the user registered for JWE delivery.
 * </ul>
 *
 * Every write is synced to the write-ahead log before it returns. Thread-safe (RocksDB is); callers
 * that read-then-write must serialise themselves. {@link #close()} waits for running calls; a call
 * after it throws {@link LakeException} ({@link ErrorCode#INTERNAL}) instead of touching freed
 * native memory.
 */
final class Catalog implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final String RECIPIENT_KEYS = "recipient-keys";
    private static final List<String> FAMILIES =
            List.of("resources", "patient-links", "patients", "deliveries", RECIPIENT_KEYS);

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions familyOptions;
    private final WriteOptions syncWrites;
    private final List<ColumnFamilyHandle> handles;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private Catalog(
            RocksDB db,
            DBOptions dbOptions,
            ColumnFamilyOptions familyOptions,
            WriteOptions syncWrites,
            List<ColumnFamilyHandle> handles) {
        this.db = db;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.syncWrites = syncWrites;
        this.handles = handles;
    }

    /** Opens (creating if needed) the catalog in {@code directory}. */
    static Catalog open(Path directory) {
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
        for (String family : FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(utf8(family), familyOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            return new Catalog(db, dbOptions, familyOptions, new WriteOptions().setSync(true), handles);
        } catch (RocksDBException | IOException e) {
            familyOptions.close();
            dbOptions.close();
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot open the catalog", e);
        }
    }

    /** The catalog key of a resource. No component may contain {@code /}. */
    static String resourceKey(String patientId, String sourceSystem, String resourceType, String resourceId) {
        return patientId + "/" + sourceSystem + "/" + resourceType + "/" + resourceId;
    }

    Optional<CatalogEntry> entry(String resourceKey) {
        return whileOpen(() -> read(resources(), resourceKey).map(bytes -> new CatalogCodec.Decoder().decode(bytes)));
    }

    /** All of a patient's resources in key order (source system, type, id). */
    List<CatalogEntry> entries(String patientId) {
        return whileOpen(() -> scanEntries(patientId));
    }

    private List<CatalogEntry> scanEntries(String patientId) {
        List<CatalogEntry> entries = new ArrayList<>();
        CatalogCodec.Decoder decoder = new CatalogCodec.Decoder();
        byte[] prefix = utf8(patientId + "/");
        try (RocksIterator iterator = db.newIterator(resources())) {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                entries.add(decoder.decode(iterator.value()));
            }
        }
        return entries;
    }

    /** Known patient ids in ascending order. */
    List<String> patients() {
        return whileOpen(this::scanPatients);
    }

    private List<String> scanPatients() {
        List<String> patients = new ArrayList<>();
        try (RocksIterator iterator = db.newIterator(patientsFamily())) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                patients.add(new String(iterator.key(), StandardCharsets.UTF_8));
            }
        }
        return patients;
    }

    Optional<String> linkedPatient(String sourceSystem, String sourcePatientId) {
        return whileOpen(() -> read(links(), sourceSystem + "/" + sourcePatientId)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Writes a patient's link and resource entries in one atomic batch. */
    void write(CatalogUpdate update) {
        whileOpen(() -> writeBatch(update));
    }

    /** Replaces existing resource entries (same keys) in one atomic batch. */
    void rewrite(List<CatalogEntry> entries) {
        whileOpen(() -> rewriteBatch(entries));
    }

    private boolean rewriteBatch(List<CatalogEntry> entries) {
        try (WriteBatch batch = new WriteBatch()) {
            putEntries(batch, entries);
            db.write(syncWrites, batch);
            return true;
        } catch (RocksDBException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot write the catalog", e);
        }
    }

    private boolean writeBatch(CatalogUpdate update) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(patientsFamily(), utf8(update.patientId()), new byte[0]);
            batch.put(links(), utf8(update.sourceSystem() + "/" + update.sourcePatientId()), utf8(update.patientId()));
            putEntries(batch, update.entries());
            db.write(syncWrites, batch);
            return true;
        } catch (RocksDBException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot write the catalog", e);
        }
    }

    private void putEntries(WriteBatch batch, List<CatalogEntry> entries) throws RocksDBException {
        for (CatalogEntry entry : entries) {
            String key = resourceKey(
                    entry.patientId(), entry.lineage().source().system(), entry.resourceType(), entry.resourceId());
            batch.put(resources(), utf8(key), CatalogCodec.encode(entry));
        }
    }

    Optional<byte[]> delivery(String requestId) {
        return whileOpen(() -> read(deliveries(), requestId));
    }

    /** Every delivery record (pending ones and tombstones), in request-id order. */
    List<byte[]> deliveryRecords() {
        return whileOpen(() -> {
            List<byte[]> records = new ArrayList<>();
            try (RocksIterator iterator = db.newIterator(deliveries())) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    records.add(iterator.value());
                }
            }
            return records;
        });
    }

    void putDelivery(String requestId, byte[] record) {
        whileOpen(() -> {
            try {
                db.put(deliveries(), syncWrites, utf8(requestId), record);
                return true;
            } catch (RocksDBException e) {
                throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot write delivery metadata", e);
            }
        });
    }

    private <T> T whileOpen(Supplier<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new LakeException(ErrorCode.INTERNAL, "the catalog is closed");
            }
            return action.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Optional<byte[]> read(ColumnFamilyHandle family, String key) {
        try {
            return Optional.ofNullable(db.get(family, utf8(key)));
        } catch (RocksDBException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot read the catalog", e);
        }
    }

    private ColumnFamilyHandle resources() {
        return handles.get(1);
    }

    private ColumnFamilyHandle links() {
        return handles.get(2);
    }

    private ColumnFamilyHandle patientsFamily() {
        return handles.get(3);
    }

    private ColumnFamilyHandle deliveries() {
        return handles.get(4);
    }

    private ColumnFamilyHandle recipientKeys() {
        return handles.get(FAMILIES.indexOf(RECIPIENT_KEYS) + 1);
    }

    /** The public JWK a user registered for encrypted delivery, or empty. */
    Optional<byte[]> recipientKey(String userId) {
        return whileOpen(() -> read(recipientKeys(), userId));
    }

    /** Registers (or replaces) a user's public JWK; synced before it returns. */
    void putRecipientKey(String userId, byte[] jwk) {
        whileOpen(() -> {
            try {
                db.put(recipientKeys(), syncWrites, utf8(userId), jwk);
                return true;
            } catch (RocksDBException e) {
                throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot write a recipient key", e);
            }
        });
    }

    /** Removes a user's public JWK; returns whether there was one. */
    boolean deleteRecipientKey(String userId) {
        return whileOpen(() -> {
            try {
                boolean existed = read(recipientKeys(), userId).isPresent();
                db.delete(recipientKeys(), syncWrites, utf8(userId));
                return existed;
            } catch (RocksDBException e) {
                throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot delete a recipient key", e);
            }
        });
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            syncWrites.close();
            familyOptions.close();
            dbOptions.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
