package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Configuration of one organisation's lake. Keys in configuration files are {@code root}, {@code
 * organisation-id}, {@code key-encryption-key} and {@code max-bundle-bytes}; the clock is supplied
 * in code.
 *
 * @param root directory holding {@code objects/} (the filesystem object store, unless another
 *     {@link ObjectStore} is given) and {@code catalog/} (RocksDB)
 * @param organisationId the organisation running this lake
 * @param keyEncryptionKey wraps delivery data keys
 * @param maxBundleBytes larger bundles are rejected unread; default {@value #DEFAULT_MAX_BUNDLE_BYTES}
 *     (64 MiB), at most {@value #MAX_MAX_BUNDLE_BYTES}
 * @param clock the source of every time the lake records
 */
public record LakeConfig(
        Path root, String organisationId, KeyEncryptionKey keyEncryptionKey, long maxBundleBytes, Clock clock) {
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 64L * 1024 * 1024;
    public static final long MAX_MAX_BUNDLE_BYTES = Integer.MAX_VALUE - 16;

    public LakeConfig {
        Ids.requireOrganisationId(organisationId);
        if (maxBundleBytes <= 0 || maxBundleBytes > MAX_MAX_BUNDLE_BYTES) {
            throw new LakeException(ErrorCode.CONFIGURATION, "max-bundle-bytes out of range: " + maxBundleBytes);
        }
    }

    /** A configuration with the default maximum bundle size. */
    public static LakeConfig of(Path root, String organisationId, KeyEncryptionKey keyEncryptionKey, Clock clock) {
        return new LakeConfig(root, organisationId, keyEncryptionKey, DEFAULT_MAX_BUNDLE_BYTES, clock);
    }

    public LakeConfig withMaxBundleBytes(long bytes) {
        return new LakeConfig(root, organisationId, keyEncryptionKey, bytes, clock);
    }

    /** Where the filesystem object store keeps the lake's objects when no other store is given. */
    public Path objectsDirectory() {
        return root.resolve("objects");
    }

    Path catalogDirectory() {
        return root.resolve("catalog");
    }
}
