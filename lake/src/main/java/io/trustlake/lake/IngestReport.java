package io.trustlake.lake;

/** The outcome of ingesting one bundle: an expected "no" is a value, not an exception. */
public sealed interface IngestReport {
    Source source();

    /**
     * The bundle is in the raw zone and its resources are in the catalog.
     *
     * @param patientId the Trustlake patient id the resources were filed under
     * @param resourceCount how many resources the bundle holds
     * @param changedCount how many of them were new or different (0 when re-ingesting)
     * @param rawKey the raw-zone object holding the bundle
     * @param dataHash the patient's data hash after ingestion (see {@link PatientSummary#dataHash})
     */
    record Accepted(
            Source source, String patientId, int resourceCount, int changedCount, ObjectKey rawKey, String dataHash)
            implements IngestReport {}

    /**
     * The bundle was refused and nothing from it was stored.
     *
     * @param detail a precise, log-safe explanation (positions and counts, never patient data)
     */
    record Rejected(Source source, RejectionReason reason, String detail) implements IngestReport {}

    /** The file was deliberately not ingested (for example Synthea's organisation files). */
    record Skipped(Source source, String reason) implements IngestReport {}
}
