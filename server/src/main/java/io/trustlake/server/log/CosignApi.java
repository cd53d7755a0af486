package io.trustlake.server.log;

import io.javalin.http.Context;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.ledger.core.Checkpoint;
import io.trustlake.ledger.core.Peer;
import io.trustlake.server.NodeServices;
import io.trustlake.server.http.Responses;
import io.trustlake.server.records.Federation;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witnessing side of checkpoint cosigning. A member node's signed request names a checkpoint;
 * this node signs it only if its own replica has the same origin and, at that size, the same tree
 * head — waiting (bounded) for its replica to reach the size. Otherwise it refuses with 409.
 */
public final class CosignApi {
    private static final Logger LOG = LoggerFactory.getLogger(CosignApi.class);
    private static final Duration MAX_CLOCK_DIFFERENCE = Duration.ofSeconds(60);

    private final NodeServices node;
    private final LogReader log;
    private final Duration replicaWait;

    public CosignApi(NodeServices node, LogReader log, Duration replicaWait) {
        this.node = node;
        this.log = log;
        this.replicaWait = replicaWait;
    }

    public void cosign(Context ctx) throws InterruptedException {
        Cosigning.Request request = Json.parseInput(ctx.bodyAsBytes(), Cosigning.Request.class);
        if (request.origin() == null || request.root() == null || request.time() == null || request.size() < 1) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "origin, size, root and time are required");
        }
        String caller = checkCaller(ctx, request);
        Checkpoint checkpoint = request.checkpoint();
        if (Duration.between(checkpoint.time(), node.clock().instant()).abs().compareTo(MAX_CLOCK_DIFFERENCE) > 0) {
            throw new TrustlakeException(ErrorCode.CONFLICT, "the checkpoint time is too far from this node's clock");
        }
        awaitLogSize(request.size());
        if (log.size() < request.size()) {
            throw new TrustlakeException(
                    ErrorCode.PEER_UNAVAILABLE, "this node's replica has not reached size " + request.size() + " yet");
        }
        if (!log.origin().equals(request.origin())
                || !log.rootHex(request.size()).equals(request.root())) {
            LOG.warn("Refused to cosign a checkpoint from {} at size {}: the root differs", caller, request.size());
            throw new TrustlakeException(
                    ErrorCode.CONFLICT, "refused: this node's log has a different root at size " + request.size());
        }
        byte[] signature = node.nodeKey().sign(checkpoint.signedBytes());
        Responses.ok(ctx, new Cosigning.Response(node.organisationId(), Base64Url.encode(signature)));
    }

    private String checkCaller(Context ctx, Cosigning.Request request) {
        String caller = Optional.ofNullable(ctx.header(Federation.NODE_HEADER)).orElse("");
        Organisation organisation = MembershipContract.organisation(
                        node.gateway().state(), caller)
                .orElseThrow(() -> new TrustlakeException(ErrorCode.UNAUTHENTICATED, "unknown calling node"));
        long timestamp;
        byte[] signature;
        try {
            timestamp = Long.parseLong(
                    Optional.ofNullable(ctx.header(Federation.TIME_HEADER)).orElse(""));
            signature = Base64Url.decode(
                    Optional.ofNullable(ctx.header(Federation.SIGNATURE_HEADER)).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "missing or malformed node signature headers");
        }
        if (Math.abs(node.clock().millis() - timestamp) > MAX_CLOCK_DIFFERENCE.toMillis()) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "node request is too old or from the future");
        }
        byte[] signed = Cosigning.SignedRequest.of(caller, request, timestamp).bytes();
        if (!Ed25519.verify(Hex.decode(organisation.nodeKey()), signed, signature)) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "node signature does not verify");
        }
        return caller;
    }

    private void awaitLogSize(long size) throws InterruptedException {
        Peer peer = node.gateway().peer();
        long deadline = System.nanoTime() + replicaWait.toNanos();
        while (peer.head().logSize() < size && System.nanoTime() < deadline) {
            peer.awaitHeight(peer.height() + 1, Duration.ofMillis(100));
        }
    }
}
