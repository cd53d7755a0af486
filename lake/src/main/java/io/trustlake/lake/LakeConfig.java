package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Configuration of one organisation's lake. Keys in configuration files are {@code root}, {@code
 * organisation-id}, {@code key-encryption-key}, {@code max-bundle-bytes} and {@code
 * extract-time-to-live}; the clock is supplied in code.
 *
 * @param root directory holding {@code objects/} (the filesystem object store, unless another
 *     {@link ObjectStore} is given) and {@code catalog/} (RocksDB)
 * @param organisationId the organisation running this lake
 * @param keyEncryptionKey wraps delivery data keys
 * @param maxBundleBytes larger bundles are rejected unread; default {@value #DEFAULT_MAX_BUNDLE_BYTES}
 *     (64 MiB), at most {@value #MAX_MAX_BUNDLE_BYTES}
 * @param clock the source of every time the lake records
 * @param extractTimeToLive how long a research extract stays in the workspace or analytics zone
 *     before it expires and is deleted; default {@link #DEFAULT_EXTRACT_TIME_TO_LIVE} (24 hours),
 *     at least one minute, at most {@link #MAX_EXTRACT_TIME_TO_LIVE} (366 days)
 */
public record LakeConfig(
        Path root,
        String organisationId,
        KeyEncryptionKey keyEncryptionKey,
        long maxBundleBytes,
        Clock clock,
        Duration extractTimeToLive) {
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 64L * 1024 * 1024;
    public static final long MAX_MAX_BUNDLE_BYTES = Integer.MAX_VALUE - 16;
    public static final Duration DEFAULT_EXTRACT_TIME_TO_LIVE = Duration.ofHours(24);
    public static final Duration MAX_EXTRACT_TIME_TO_LIVE = Duration.ofDays(366);

    public LakeConfig {
        Ids.requireOrganisationId(organisationId);
        if (maxBundleBytes <= 0 || maxBundleBytes > MAX_MAX_BUNDLE_BYTES) {
            throw new LakeException(ErrorCode.CONFIGURATION, "max-bundle-bytes out of range: " + maxBundleBytes);
        }
        if (extractTimeToLive.compareTo(Duration.ofMinutes(1)) < 0
                || extractTimeToLive.compareTo(MAX_EXTRACT_TIME_TO_LIVE) > 0) {
            throw new LakeException(
                    ErrorCode.CONFIGURATION,
                    "extract-time-to-live must be between one minute and 366 days, not " + extractTimeToLive);
        }
    }

    /** A configuration with the default maximum bundle size and extract time-to-live. */
    public static LakeConfig of(Path root, String organisationId, KeyEncryptionKey keyEncryptionKey, Clock clock) {
        return new LakeConfig(
                root, organisationId, keyEncryptionKey, DEFAULT_MAX_BUNDLE_BYTES, clock, DEFAULT_EXTRACT_TIME_TO_LIVE);
    }

    public LakeConfig withMaxBundleBytes(long bytes) {
        return new LakeConfig(root, organisationId, keyEncryptionKey, bytes, clock, extractTimeToLive);
    }

    public LakeConfig withExtractTimeToLive(Duration timeToLive) {
        return new LakeConfig(root, organisationId, keyEncryptionKey, maxBundleBytes, clock, timeToLive);
    }

    /** Where the filesystem object store keeps the lake's objects when no other store is given. */
    public Path objectsDirectory() {
        return root.resolve("objects");
    }

    Path catalogDirectory() {
        return root.resolve("catalog");
    }
}
