package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} on an S3-compatible bucket (Amazon S3, MinIO, Ceph RGW, ...): key {@code
 * a/b/c} is the S3 object {@code prefix + "a/b/c"} in the configured bucket.
 *
 * <p>Every key has been validated by {@link ObjectKey} before this store sees it, so no request is
 * ever made for a traversing, absolute or oversized key. A single PUT is atomic on S3 (readers see
 * the old object or the new one) and durable once acknowledged. {@link #delete} asks whether the
 * object exists first, because S3's DELETE does not say; {@link #move} is a server-side copy followed
 * by a delete, so it is not atomic. Requests use path-style addressing and compute or check
 * checksums only where S3 requires them, which keeps the store compatible with S3 look-alikes.
 * Thread-safe. Every failure of the service or the network is a {@link LakeException} with {@link
 * ErrorCode#STORAGE_FAILURE}; messages name the bucket and key, never the credentials.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private static final int NOT_FOUND = 404;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    /**
     * Where the bucket is and how to sign in.
     *
     * @param endpoint the service's base URL, for example {@code https://s3.eu-west-1.amazonaws.com}
     *     or {@code http://127.0.0.1:9000}; empty for Amazon S3's default endpoint for the region
     * @param region the signing region, for example {@code eu-west-1} ({@code us-east-1} for most S3
     *     look-alikes)
     * @param bucket the bucket, which must already exist
     * @param keyPrefix a prefix put before every key so that several nodes can share a bucket: empty,
     *     or a valid {@link ObjectKey} followed by {@code /}
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret access key (never printed)
     */
    public record Settings(
            Optional<URI> endpoint,
            String region,
            String bucket,
            String keyPrefix,
            String accessKeyId,
            String secretAccessKey) {
        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            requireText(region, "S3 region");
            requireText(bucket, "S3 bucket");
            requireText(accessKeyId, "S3 access key id");
            requireText(secretAccessKey, "S3 secret access key");
            if (!keyPrefix.isEmpty() && !(keyPrefix.endsWith("/") && ObjectKey.isValidPrefix(keyPrefix))) {
                throw new LakeException(
                        ErrorCode.BAD_REQUEST, "S3 key prefix must be empty or a valid object key followed by '/'");
            }
            endpoint.ifPresent(uri -> {
                if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new LakeException(ErrorCode.BAD_REQUEST, "S3 endpoint must be an http:// or https:// URL");
                }
            });
        }

        @Override
        public String toString() {
            return "S3 bucket " + bucket + " (" + endpoint.map(URI::toString).orElse("AWS") + ", " + region + ")";
        }

        private static void requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new LakeException(ErrorCode.BAD_REQUEST, what + " is missing");
            }
        }
    }

    private final S3Client client;
    private final String bucket;
    private final String keyPrefix;

    private S3ObjectStore(S3Client client, String bucket, String keyPrefix) {
        this.client = client;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Connects to the bucket and checks that it exists and the credentials may use it, so that a
     * misconfigured node fails at start rather than on its first write.
     */
    public static S3ObjectStore open(Settings settings) {
        S3ObjectStore store = withoutBucketCheck(settings);
        S3Client client = store.client;
        try {
            client.headBucket(request -> request.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            client.close();
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "S3 bucket " + settings.bucket() + " does not exist", e);
        } catch (S3Exception e) {
            client.close();
            throw new LakeException(
                    ErrorCode.STORAGE_FAILURE,
                    (e.statusCode() == NOT_FOUND ? "S3 bucket does not exist: " : "S3 bucket refused access: ")
                            + settings.bucket() + " (HTTP " + e.statusCode() + ")",
                    e);
        } catch (SdkException e) {
            client.close();
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot reach " + settings, e);
        }
        return store;
    }

    /** A store that has not yet talked to the service: for tests of what happens before it does. */
    static S3ObjectStore withoutBucketCheck(Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return new S3ObjectStore(builder.build(), settings.bucket(), settings.keyPrefix());
    }

    @Override
    public void put(ObjectKey key, byte[] content) {
        try {
            client.putObject(request -> request.bucket(bucket).key(s3Key(key)), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("cannot write object " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(ObjectKey key) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    client.getObject(request -> request.bucket(bucket).key(s3Key(key)), ResponseTransformer.toBytes());
            return Optional.of(bytes.asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw failure("cannot read object " + key, e);
        } catch (SdkException e) {
            throw failure("cannot read object " + key, e);
        }
    }

    @Override
    public Optional<byte[]> read(ObjectKey key, long offset, int length) {
        if (offset < 0 || length < 0) {
            return Optional.empty();
        }
        if (length == 0) {
            return exists(key) ? Optional.of(new byte[0]) : Optional.empty();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObject(
                    request -> request.bucket(bucket).key(s3Key(key)).range(range), ResponseTransformer.toBytes());
            byte[] content = bytes.asByteArrayUnsafe();
            // A range running past the end is answered with the bytes that exist: too short, so none.
            return content.length == length ? Optional.of(content) : Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND || e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return Optional.empty();
            }
            throw failure("cannot read object " + key, e);
        } catch (SdkException e) {
            throw failure("cannot read object " + key, e);
        }
    }

    @Override
    public boolean delete(ObjectKey key) {
        if (!exists(key)) {
            return false;
        }
        try {
            client.deleteObject(request -> request.bucket(bucket).key(s3Key(key)));
            return true;
        } catch (SdkException e) {
            throw failure("cannot delete object " + key, e);
        }
    }

    @Override
    public boolean exists(ObjectKey key) {
        try {
            client.headObject(request -> request.bucket(bucket).key(s3Key(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw failure("cannot look up object " + key, e);
        } catch (SdkException e) {
            throw failure("cannot look up object " + key, e);
        }
    }

    @Override
    public List<ObjectKey> list(String prefix) {
        if (!ObjectKey.isValidPrefix(prefix)) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "invalid object key prefix");
        }
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(keyPrefix + prefix)
                .build();
        List<ObjectKey> keys = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    String text = object.key().substring(keyPrefix.length());
                    // Objects written by something else under the prefix may not be valid keys.
                    if (ObjectKey.isValid(text)) {
                        keys.add(ObjectKey.of(text));
                    }
                }
            }
        } catch (SdkException e) {
            throw failure("cannot list objects", e);
        }
        keys.sort((left, right) -> left.value().compareTo(right.value()));
        return List.copyOf(keys);
    }

    @Override
    public boolean move(ObjectKey from, ObjectKey to) {
        try {
            client.copyObject(request -> request.sourceBucket(bucket)
                    .sourceKey(s3Key(from))
                    .destinationBucket(bucket)
                    .destinationKey(s3Key(to)));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw failure("cannot move object " + from + " to " + to, e);
        } catch (SdkException e) {
            throw failure("cannot move object " + from + " to " + to, e);
        }
        try {
            client.deleteObject(request -> request.bucket(bucket).key(s3Key(from)));
            return true;
        } catch (SdkException e) {
            throw failure("cannot move object " + from + " to " + to, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private String s3Key(ObjectKey key) {
        return keyPrefix + key.value();
    }

    private LakeException failure(String message, SdkException cause) {
        return new LakeException(ErrorCode.STORAGE_FAILURE, message + " in S3 bucket " + bucket, cause);
    }
}
