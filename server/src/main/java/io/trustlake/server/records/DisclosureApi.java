package io.trustlake.server.records;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.compiled.RuleIndex;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.lake.PatientSummary;
import io.trustlake.lake.TaggedResource;
import io.trustlake.server.NodeServices;
import io.trustlake.server.http.Authentication;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The holding side of a cross-organisation request. It trusts nothing the calling node says: it
 * checks the node's signature, verifies the user's token itself, finds the access-log entry on its
 * own ledger replica, re-decides the patient's rules on that replica, and returns only resources
 * that both decisions release.
 */
public final class DisclosureApi {
    private static final Logger LOG = LoggerFactory.getLogger(DisclosureApi.class);
    private static final Duration MAX_CLOCK_DIFFERENCE = Duration.ofSeconds(60);

    private final NodeServices node;
    private final Authentication authentication;
    private final Duration replicaWait;
    private final RuleIndex ruleIndex;

    public DisclosureApi(NodeServices node, Authentication authentication, Duration replicaWait, RuleIndex ruleIndex) {
        this.node = node;
        this.authentication = authentication;
        this.replicaWait = replicaWait;
        this.ruleIndex = ruleIndex;
    }

    public void disclose(Context ctx) throws InterruptedException {
        Federation.DisclosureRequest request = Json.parseInput(ctx.bodyAsBytes(), Federation.DisclosureRequest.class);
        Principal principal = authentication.require(ctx);
        String caller = checkNodeSignature(ctx, request);
        if (!principal.organisationId().equals(caller)) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "a node may only ask on behalf of its own users");
        }
        AccessLogEntry entry = awaitEntry(request)
                .filter(e -> e.patientId().equals(request.patientId())
                        && e.requester().userId().equals(principal.userId()))
                .orElseThrow(
                        () -> new TrustlakeException(ErrorCode.FORBIDDEN, "no matching access on this node's ledger"));
        Set<String> released = redecide(entry);
        List<TaggedResource> resources = node.lake().select(entry.patientId(), released);
        byte[] body = Shares.body(node.organisationId(), resources);
        String dataHash = node.lake()
                .summary(entry.patientId())
                .map(PatientSummary::dataHash)
                .orElseGet(() -> Shares.sha256(new byte[0]));
        Notary.notarise(
                node.gateway(),
                node.organisationId(),
                entry.requestId(),
                List.of(new ProvenanceContract.Step(
                        ProvenanceContract.Stage.SELECT, List.of(dataHash), Shares.sha256(body))));
        LOG.info("Disclosed {} resources to {} for request {}", resources.size(), caller, entry.requestId());
        ctx.status(200).contentType("application/json").result(body);
    }

    private String checkNodeSignature(Context ctx, Federation.DisclosureRequest request) {
        String caller = Optional.ofNullable(ctx.header(Federation.NODE_HEADER)).orElse("");
        Organisation organisation = MembershipContract.organisation(
                        node.gateway().state(), caller)
                .orElseThrow(() -> new TrustlakeException(ErrorCode.UNAUTHENTICATED, "unknown calling node"));
        long timestamp = parseLong(ctx.header(Federation.TIME_HEADER));
        if (Math.abs(node.clock().millis() - timestamp) > MAX_CLOCK_DIFFERENCE.toMillis()) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "node request is too old or from the future");
        }
        Federation.SignedContent content = new Federation.SignedContent(
                caller,
                request.requestId(),
                request.patientId(),
                timestamp,
                Federation.SignedContent.tokenHash(Authentication.token(ctx)));
        byte[] signature;
        try {
            signature = Base64Url.decode(
                    Optional.ofNullable(ctx.header(Federation.SIGNATURE_HEADER)).orElse(""));
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (!Ed25519.verify(Hex.decode(organisation.nodeKey()), content.bytes(), signature)) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "node signature does not verify");
        }
        return caller;
    }

    /** The entry on this node's replica, waiting (bounded) for the replica to reach its block. */
    private Optional<AccessLogEntry> awaitEntry(Federation.DisclosureRequest request) throws InterruptedException {
        if (request.requestId() == null || !Ids.isRequestId(request.requestId()) || request.blockNumber() < 0) {
            return Optional.empty();
        }
        node.gateway().peer().awaitHeight(request.blockNumber() + 1, replicaWait);
        return AccessLogContract.entry(node.gateway().state(), request.requestId());
    }

    private Set<String> redecide(AccessLogEntry entry) {
        Decision own = ruleIndex.decide(new DecisionRequest(
                entry.requester(), entry.patientId(), Set.copyOf(entry.requestedTags()), entry.purpose(), entry.at()));
        Set<String> released = new HashSet<>(own.released());
        released.retainAll(entry.decision().released());
        return released;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text == null ? "" : text);
        } catch (NumberFormatException e) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "missing node request time");
        }
    }
}
