package io.trustlake.lake;

import java.util.List;

/**
 * What one accepted bundle writes to the catalog, atomically: the patient, the link from the
 * source's patient id to the Trustlake id, and the new or changed resource entries.
 */
record CatalogUpdate(String patientId, String sourceSystem, String sourcePatientId, List<CatalogEntry> entries) {
    CatalogUpdate {
        entries = List.copyOf(entries);
    }
}
