package io.trustlake.lake;

/** An assembled SPHR: a serialized FHIR R4 Bundle. Immutable: bytes are copied out. */
public final class AssembledRecord {
    /** The media type of {@link #bytes()}. */
    public static final String CONTENT_TYPE = "application/fhir+json";

    private final String requestId;
    private final int resourceCount;
    private final byte[] bytes;
    private final int length;

    /** Takes over the first {@code length} bytes of {@code buffer}, which nobody changes any more. */
    AssembledRecord(String requestId, int resourceCount, byte[] buffer, int length) {
        this.requestId = requestId;
        this.resourceCount = resourceCount;
        this.bytes = buffer;
        this.length = length;
    }

    /** The request id, which is also the Bundle's id. */
    public String requestId() {
        return requestId;
    }

    /** Released resources in the Bundle, not counting the Provenance resources. */
    public int resourceCount() {
        return resourceCount;
    }

    public String contentType() {
        return CONTENT_TYPE;
    }

    /** The Bundle as UTF-8 FHIR JSON, a fresh copy. */
    public byte[] bytes() {
        return java.util.Arrays.copyOf(bytes, length);
    }
}
