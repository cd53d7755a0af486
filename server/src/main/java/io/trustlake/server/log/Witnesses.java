package io.trustlake.server.log;

import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.ledger.core.Checkpoint;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.records.Federation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds cosigned checkpoints: this node signs its own tree head, then asks every other member's
 * node, in parallel, to cosign the same (size, root) after checking it against its own replica.
 * A node that does not answer in time is listed as missing, one that disagrees as refused. The
 * latest checkpoint is reused for a few seconds so that many readers cause one round of calls.
 * Thread-safe.
 */
public final class Witnesses {
    private static final Duration REUSE = Duration.ofSeconds(5);

    private final NodeServices node;
    private final LogReader log;
    private final HttpClient client;
    private final ServerConfig config;
    private volatile Optional<Cosigned> latest = Optional.empty();

    public Witnesses(NodeServices node, LogReader log, HttpClient client, ServerConfig config) {
        this.node = node;
        this.log = log;
        this.client = client;
        this.config = config;
    }

    /** One organisation's part in a checkpoint. */
    public record Signature(String organisation, String publicKey, Status status, String signature, String reason) {}

    /** Whether an organisation's node signed. */
    public enum Status {
        SIGNED,
        REFUSED,
        MISSING
    }

    /** A checkpoint with every member organisation's signature or the reason it is absent. */
    public record Cosigned(
            String origin,
            long size,
            String root,
            Instant time,
            String signedText,
            boolean complete,
            List<Signature> signatures) {
        public Cosigned {
            signatures = List.copyOf(signatures);
        }
    }

    public synchronized Cosigned current() {
        Optional<Cosigned> reusable = latest.filter(
                c -> Duration.between(c.time(), node.clock().instant()).compareTo(REUSE) < 0);
        if (reusable.isPresent()) {
            return reusable.get();
        }
        long size = log.size();
        Checkpoint checkpoint = new Checkpoint(
                log.origin(), size, log.rootHex(size), node.clock().instant());
        Cosigned cosigned = cosign(checkpoint);
        latest = Optional.of(cosigned);
        return cosigned;
    }

    /** Gathers every member's signature of {@code checkpoint}, this node's own first. */
    public Cosigned cosign(Checkpoint checkpoint) {
        List<Organisation> members =
                MembershipContract.organisations(node.gateway().state());
        List<CompletableFuture<Signature>> answers = new ArrayList<>();
        for (Organisation member : members) {
            answers.add(
                    member.id().equals(node.organisationId())
                            ? CompletableFuture.completedFuture(own(member, checkpoint))
                            : ask(member, checkpoint));
        }
        List<Signature> signatures =
                answers.stream().map(CompletableFuture::join).toList();
        boolean complete = signatures.stream().allMatch(s -> s.status() == Status.SIGNED);
        return new Cosigned(
                checkpoint.origin(),
                checkpoint.size(),
                checkpoint.root(),
                checkpoint.time(),
                checkpoint.signedText(),
                complete,
                signatures);
    }

    private Signature own(Organisation member, Checkpoint checkpoint) {
        String signature = Base64Url.encode(node.nodeKey().sign(checkpoint.signedBytes()));
        return new Signature(member.id(), member.nodeKey(), Status.SIGNED, signature, "");
    }

    private CompletableFuture<Signature> ask(Organisation member, Checkpoint checkpoint) {
        String endpoint = config.endpointOf(member.id(), member.endpoint());
        if (endpoint.isEmpty()) {
            return CompletableFuture.completedFuture(missing(member, "no node address is registered"));
        }
        Cosigning.Request request = Cosigning.Request.of(checkpoint);
        long now = node.clock().millis();
        byte[] signed =
                Cosigning.SignedRequest.of(node.organisationId(), request, now).bytes();
        HttpRequest http;
        try {
            http = HttpRequest.newBuilder(URI.create(endpoint + Cosigning.PATH))
                    .timeout(config.remoteTimeout())
                    .header("Content-Type", "application/json")
                    .header(Federation.NODE_HEADER, node.organisationId())
                    .header(Federation.TIME_HEADER, Long.toString(now))
                    .header(
                            Federation.SIGNATURE_HEADER,
                            Base64Url.encode(node.nodeKey().sign(signed)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(request)))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(missing(member, "its node address is not valid"));
        }
        return client.sendAsync(http, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> answer(member, checkpoint, response))
                .exceptionally(e -> missing(member, "its node could not be reached"));
    }

    private static Signature answer(Organisation member, Checkpoint checkpoint, HttpResponse<byte[]> response) {
        if (response.statusCode() == 409) {
            return new Signature(
                    member.id(),
                    member.nodeKey(),
                    Status.REFUSED,
                    "",
                    "its node refused: its log differs at size " + checkpoint.size() + " or the time is off");
        }
        if (response.statusCode() != 200) {
            return missing(member, "its node answered " + response.statusCode());
        }
        try {
            Cosigning.Response body = Json.decode(response.body(), Cosigning.Response.class);
            byte[] signature = Base64Url.decode(body.signature());
            if (!io.trustlake.common.crypto.Ed25519.verify(
                    io.trustlake.common.crypto.Hex.decode(member.nodeKey()), checkpoint.signedBytes(), signature)) {
                return missing(member, "its node's signature does not verify");
            }
            return new Signature(member.id(), member.nodeKey(), Status.SIGNED, body.signature(), "");
        } catch (RuntimeException e) {
            return missing(member, "its node's answer was not readable");
        }
    }

    private static Signature missing(Organisation member, String reason) {
        return new Signature(member.id(), member.nodeKey(), Status.MISSING, "", reason);
    }
}
