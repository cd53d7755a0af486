package io.trustlake.cli;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.FileSystemObjectStore;
import io.trustlake.lake.ObjectStore;
import io.trustlake.lake.S3ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a node keeps its lake's objects (the raw, curated and consumer zones), as the optional
 * {@code lakeStorage} object of its configuration file. The catalog always stays on the node's disk.
 *
 * <ul>
 *   <li>{@code {"type": "filesystem"}} (the default when the object is absent): under the node's data
 *       directory.
 *   <li>{@code {"type": "s3", "endpoint": "https://...", "region": "eu-west-1", "bucket": "...",
 *       "keyPrefix": "hosp-es/"}}: an existing S3-compatible bucket; {@code endpoint} may be omitted
 *       for Amazon S3 and {@code keyPrefix} lets several nodes share a bucket. The access key is read
 *       from the environment variables {@value #ACCESS_KEY_VARIABLE} and {@value #SECRET_KEY_VARIABLE},
 *       never from the file.
 * </ul>
 *
 * @param type {@code filesystem} or {@code s3}
 * @param endpoint the S3 service's base URL, or null for Amazon S3
 * @param region the S3 signing region
 * @param bucket the S3 bucket
 * @param keyPrefix the prefix of every object key in the bucket, or null for none
 */
public record LakeStorage(String type, String endpoint, String region, String bucket, String keyPrefix) {
    public static final String ACCESS_KEY_VARIABLE = "TRUSTLAKE_S3_ACCESS_KEY_ID";
    public static final String SECRET_KEY_VARIABLE = "TRUSTLAKE_S3_SECRET_ACCESS_KEY";
    static final String FILESYSTEM = "filesystem";
    static final String S3 = "s3";

    public static LakeStorage filesystem() {
        return new LakeStorage(FILESYSTEM, null, null, null, null);
    }

    /** Checks the settings that do not need the network or the environment. */
    void check() {
        if (FILESYSTEM.equals(type)) {
            return;
        }
        if (!S3.equals(type)) {
            throw invalid("lakeStorage.type must be \"filesystem\" or \"s3\"");
        }
        if (bucket == null || bucket.isBlank()) {
            throw invalid("lakeStorage.bucket is required for S3");
        }
        if (region == null || region.isBlank()) {
            throw invalid("lakeStorage.region is required for S3 (for example \"eu-west-1\", or \"us-east-1\")");
        }
        if (endpoint != null) {
            try {
                URI uri = new URI(endpoint);
                if (uri.getHost() == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
                    throw invalid("lakeStorage.endpoint must be an http:// or https:// URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw invalid("lakeStorage.endpoint must be an http:// or https:// URL");
            }
        }
    }

    /**
     * Opens the store: the directory for {@code filesystem}; for {@code s3}, connects and checks the
     * bucket, with the access key from {@code environment}. Errors are plain-language {@link
     * TrustlakeException}s that name what is missing, never a secret.
     */
    ObjectStore open(Path objectsDirectory, Function<String, String> environment) {
        check();
        if (FILESYSTEM.equals(type)) {
            return FileSystemObjectStore.open(objectsDirectory);
        }
        String accessKey = environment.apply(ACCESS_KEY_VARIABLE);
        String secretKey = environment.apply(SECRET_KEY_VARIABLE);
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw invalid("the lake is on S3: set the environment variables " + ACCESS_KEY_VARIABLE + " and "
                    + SECRET_KEY_VARIABLE);
        }
        return S3ObjectStore.open(new S3ObjectStore.Settings(
                Optional.ofNullable(endpoint).map(URI::create),
                region,
                bucket,
                keyPrefix == null ? "" : keyPrefix,
                accessKey,
                secretKey));
    }

    private static TrustlakeException invalid(String message) {
        return new TrustlakeException(ErrorCode.CONFIGURATION, message);
    }
}
