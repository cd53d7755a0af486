package io.trustlake.server.log;

import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.core.Checkpoint;
import java.time.Instant;

/**
 * The node-to-node exchange by which one organisation's node asks another to cosign a checkpoint.
 * The caller signs {@link SignedRequest} with its node key (headers as for disclosures); the callee
 * answers with its Ed25519 signature over {@link Checkpoint#signedText()}, or refuses.
 */
public final class Cosigning {
    public static final String PATH = "/internal/v1/checkpoints/cosign";

    private Cosigning() {}

    /** The body of a cosign request: the checkpoint to witness. */
    public record Request(String origin, long size, String root, Instant time) {
        public Checkpoint checkpoint() {
            return new Checkpoint(origin, size, root, time);
        }

        public static Request of(Checkpoint checkpoint) {
            return new Request(checkpoint.origin(), checkpoint.size(), checkpoint.root(), checkpoint.time());
        }
    }

    /** What the calling node's signature covers. */
    public record SignedRequest(String node, String origin, long size, String root, Instant time, long timestamp) {
        public static SignedRequest of(String node, Request request, long timestamp) {
            return new SignedRequest(node, request.origin(), request.size(), request.root(), request.time(), timestamp);
        }

        public byte[] bytes() {
            return Json.encode(this);
        }
    }

    /** A cosignature: base64url Ed25519 signature by {@code organisation}'s node key. */
    public record Response(String organisation, String signature) {}
}
