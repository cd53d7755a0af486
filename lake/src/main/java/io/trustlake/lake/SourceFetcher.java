package io.trustlake.lake;

/**
 * Fetches one catalogued resource again from the source it came from, using its {@link Lineage}:
 * the way a scrubber repairs a raw object that went missing or no longer matches its hash.
 *
 * <p>Contract: for an unchanged source, {@link #fetch} returns exactly the bytes the connector
 * stored for the resource, so their SHA-256 equals the catalog entry's {@code sha256}. The caller
 * compares hashes; a source whose data has changed since returns different bytes, and the caller
 * reports the resource as not repairable rather than storing something else under an old hash.
 * Implementations are thread-safe and never write to the lake.
 *
 * <p>Each connector implements it: {@link BundleFileFetcher} (the bundle file named by the
 * lineage), {@link FhirServerConnector} (a FHIR read of {@code type/id} on the lineage's base URL)
 * and {@link RelationalConnector} (the row the mapping turned into the resource).
 */
public interface SourceFetcher {
    /** The source system ({@link Source#system()}) whose lineage this fetcher understands. */
    String sourceSystem();

    /**
     * Fetches the resource {@code resourceType}/{@code lineage.sourceResourceId()} as delivered by
     * {@code lineage.source()}. Never throws for an unreachable or changed source: that is a {@link
     * Fetched.Unavailable} or {@link Fetched.NotFound} value.
     */
    Fetched fetch(String resourceType, Lineage lineage);

    /**
     * Fetches the whole delivery {@code lineage.source()} names, byte for byte as it was ingested,
     * when the source can give it back (a bundle file can; a FHIR server or a database builds each
     * delivery anew, so by default this is {@link Fetched.Unavailable}). The caller compares its
     * SHA-256 with the raw object's content address. Never throws.
     */
    default Fetched fetchDelivery(Lineage lineage) {
        return new Fetched.Unavailable("the source cannot give back a whole delivery");
    }

    /** What a re-fetch found. */
    sealed interface Fetched {
        /** The resource's JSON bytes, as the connector stores them. */
        final class Found implements Fetched {
            private final byte[] json;

            public Found(byte[] json) {
                this.json = json.clone();
            }

            public byte[] json() {
                return json.clone();
            }
        }

        /** The source answered, but no longer holds the resource. */
        record NotFound(String detail) implements Fetched {}

        /** The source could not be asked (unreachable, timed out, failed, or not this fetcher's). */
        record Unavailable(String detail) implements Fetched {}
    }
}
