package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the lake holds for one patient.
 *
 * @param patientId the Trustlake patient id
 * @param resourceCount catalogued resources
 * @param tags every tag present on at least one of them
 * @param dataHash lower-case hex SHA-256 over the raw 32-byte SHA-256 digests of every catalogued
 *     resource, concatenated in ascending order of their hex form; this is the value registered on
 *     the ledger as the patient's data record, and anyone holding the same resources can recompute
 *     it
 */
public record PatientSummary(String patientId, int resourceCount, SortedSet<String> tags, String dataHash) {
    public PatientSummary {
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    }

    /** The summary of a patient's catalog entries. */
    static PatientSummary of(String patientId, Collection<CatalogEntry> entries) {
        SortedSet<String> tags = new TreeSet<>();
        entries.forEach(entry -> tags.addAll(entry.tags()));
        return new PatientSummary(patientId, entries.size(), tags, dataHash(entries));
    }

    /** See {@link #dataHash()}. */
    static String dataHash(Collection<CatalogEntry> entries) {
        MessageDigest digest = Hashes.sha256Digest();
        entries.stream().map(CatalogEntry::sha256).sorted().forEach(hex -> digest.update(Hex.decode(hex)));
        return Hex.encode(digest.digest());
    }
}
