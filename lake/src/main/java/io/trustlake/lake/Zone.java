package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;

/**
 * The lake's zones, each a key prefix in the one {@link ObjectStore}. The structured zone's catalog
 * lives in RocksDB; its release copies are objects here.
 */
public enum Zone {
    /** Immutable, content-addressed copies of what sources delivered: {@code raw/<sha256 hex>}. */
    RAW("raw/"),
    /**
     * Release copies ({@link ReleaseCopies}): per delivery, its tagged resources in release form,
     * made at ingestion from the raw zone and always re-derivable from it ({@code
     * structured/<sha256 hex of the copy as first written>}).
     */
    STRUCTURED("structured/"),
    /** Encrypted per-request records being assembled; deleted once moved to {@link #CONSUMER}. */
    CURATED("curated/"),
    /** Encrypted, time-limited per-request records: the only place an SPHR is read from. */
    CONSUMER("consumer/"),
    /**
     * De-identified per-patient copies for developers and researchers ({@code
     * workspace/<extractId>/...}); written only through a {@link ZoneStore} of this zone.
     */
    WORKSPACE("workspace/"),
    /**
     * De-identified copies for statistics, one NDJSON file per resource type ({@code
     * analytics/<extractId>/...}); written only through a {@link ZoneStore} of this zone.
     */
    ANALYTICS("analytics/");

    private final String prefix;

    Zone(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Whether {@code key} lies in this zone. */
    public boolean contains(ObjectKey key) {
        return key.value().startsWith(prefix);
    }

    /** The key of object {@code name} (a single key segment) in this zone. */
    public ObjectKey key(String name) {
        if (name.indexOf('/') >= 0) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "an object name in a zone is a single segment");
        }
        return ObjectKey.of(prefix + name);
    }
}
