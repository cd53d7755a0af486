package io.trustlake.lake;

/** Why a bundle was not ingested. Nothing from a rejected bundle reaches the catalog. */
public enum RejectionReason {
    /** Larger than the configured maximum bundle size. */
    TOO_LARGE,
    /** Not well-formed JSON (including empty input, duplicate keys or trailing content). */
    MALFORMED_JSON,
    /** JSON that ends before the top-level value is complete. */
    TRUNCATED_JSON,
    /** Well-formed JSON whose top level is not a FHIR {@code Bundle}. */
    NOT_A_BUNDLE,
    /** An entry without a resource object, without a valid type or id, or repeated. */
    INVALID_ENTRY,
    /** The bundle holds no {@code Patient} resource. */
    NO_PATIENT,
    /** The bundle holds more than one {@code Patient}: a bundle must be one patient's record. */
    MULTIPLE_PATIENTS,
    /** The Patient's {@code urn:trustlake:patient-id} identifier is not a valid patient id. */
    INVALID_PATIENT_ID,
    /** The file could not be read. */
    UNREADABLE,
    /** A source (FHIR server, database) could not be reached or did not answer in time. */
    SOURCE_UNREACHABLE,
    /** A source answered with an error status or with something that is not what it should send. */
    SOURCE_ERROR,
    /** A FHIR server's answer is not a FHIR R4 JSON Bundle (wrong content type or shape). */
    NOT_FHIR,
    /** A source holds more for the patient than the connector's page, row or size bounds allow. */
    SOURCE_LIMIT_EXCEEDED,
    /** The patient is not known to the source. */
    UNKNOWN_PATIENT,
    /** A database row cannot be turned into a FHIR resource by the mapping file. */
    MAPPING_FAILED
}
