package io.trustlake.server.records;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.lake.SourcePart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Node-to-node calls. A node asks another organisation's node for its share of a record on behalf
 * of a signed-in user: the call carries the user's token (which the other node verifies itself) and
 * the calling node's Ed25519 signature over the request, the time and the token's hash. Thread-safe.
 */
public final class Federation {
    public static final String NODE_HEADER = "X-Trustlake-Node";
    public static final String TIME_HEADER = "X-Trustlake-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Trustlake-Signature";
    public static final String PATH = "/internal/v1/disclosures";

    private final String organisationId;
    private final Ed25519.KeyPair nodeKey;
    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;

    public Federation(
            String organisationId, Ed25519.KeyPair nodeKey, HttpClient client, Clock clock, Duration timeout) {
        this.organisationId = organisationId;
        this.nodeKey = nodeKey;
        this.client = client;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The body of a disclosure request. */
    public record DisclosureRequest(String requestId, String patientId, long blockNumber) {}

    /** What the signature covers. */
    public record SignedContent(String node, String requestId, String patientId, long timestamp, String tokenHash) {
        public byte[] bytes() {
            return Json.encode(this);
        }

        public static String tokenHash(String token) {
            return Hex.encode(Hashes.sha256(token.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A failed call: the organisation is reported as missing with this reason. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Fetches one organisation's allowed share, with the SHA-256 of the bytes received; throws
     * {@link Unreachable} if it cannot be had.
     */
    public Shares.Share fetch(
            String endpoint,
            String organisationName,
            String requestId,
            String patientId,
            long blockNumber,
            String userToken)
            throws Unreachable {
        long now = clock.millis();
        SignedContent content =
                new SignedContent(organisationId, requestId, patientId, now, SignedContent.tokenHash(userToken));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + PATH))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + userToken)
                .header(NODE_HEADER, organisationId)
                .header(TIME_HEADER, Long.toString(now))
                .header(SIGNATURE_HEADER, Base64Url.encode(nodeKey.sign(content.bytes())))
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Json.encode(new DisclosureRequest(requestId, patientId, blockNumber))))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new Unreachable("the node answered " + response.statusCode());
            }
            return new Shares.Share(parse(response.body(), organisationName), Shares.sha256(response.body()));
        } catch (IOException e) {
            throw new Unreachable("the node could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private static SourcePart parse(byte[] body, String organisationName) throws Unreachable {
        try {
            return SourcePart.parse(body, organisationName);
        } catch (RuntimeException e) {
            throw new Unreachable("the node's answer was not readable");
        }
    }
}
