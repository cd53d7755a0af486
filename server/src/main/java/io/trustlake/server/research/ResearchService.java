package io.trustlake.server.research;

import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.AccessRequest;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.lake.ResearchExtracts;
import io.trustlake.lake.Zone;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.server.NodeServices;
import io.trustlake.server.api.Submitters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Research extracts in two steps, so that each node only does what it may:
 *
 * <ol>
 *   <li>{@link #logAccess} at the researcher's own node (the only node that may sign ledger
 *       transactions for its users): for every patient the holding organisation has data for (from
 *       the ledger's data records), the decision for purpose {@value #RESEARCH} (v3-ActReason
 *       "health research") is previewed on this node's replica; patients whose rules release
 *       nothing to the researcher for research are not asked and not logged; for each other
 *       patient an access-log entry is committed, which the contract decides again on every peer
 *       and which the patient sees in their audit trail.
 *   <li>{@link #build} at the holding organisation's node: it trusts nothing but its own replica —
 *       each entry must exist there, be the caller's, be for research, be granted, be for a patient
 *       it holds data for, and not have been used for an extract before; the rules are decided again
 *       on its replica and only tags both decisions release are copied, de-identified, into the
 *       workspace or analytics zone ({@link ResearchExtracts}).
 * </ol>
 *
 * No patient data is read before its access-log entry is committed. Thread-safe.
 */
final class ResearchService {
    static final String RESEARCH = "HRESCH";
    private static final Logger LOG = LoggerFactory.getLogger(ResearchService.class);
    private static final int MAX_TAGS = 64;
    private static final int MAX_REQUESTS = 10_000;
    private static final Duration REPLICA_WAIT = Duration.ofSeconds(10);

    private final NodeServices node;

    ResearchService(NodeServices node) {
        this.node = node;
    }

    /** The answer to step 1: the granted entries to take to the holder, and counts. */
    public record Logged(
            String holder, int patientsHeld, int patientsLogged, List<String> accessRequests, long blockNumber) {}

    /** The answer to step 2. */
    public record Built(ResearchExtracts.Manifest manifest, int patientsIncluded) {}

    Logged logAccess(Principal principal, String holder, List<String> tags) {
        requireResearcher(principal);
        validateTags(tags);
        if (!principal.organisationId().equals(node.organisationId())) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "research access is logged by the node of your own organisation");
        }
        if (holder == null
                || MembershipContract.organisation(node.gateway().state(), holder)
                        .isEmpty()) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "holder must be a member organisation's id");
        }
        List<String> patients = patientsHeldBy(holder);
        List<String> granted = new ArrayList<>();
        long block = 0;
        int logged = 0;
        for (String patientId : patients) {
            if (preview(principal, patientId, tags).outcome() != Decision.Outcome.GRANTED) {
                continue;
            }
            TxReceipt receipt = log(principal, patientId, tags, holder);
            AccessLogEntry entry = Payloads.decode(receipt.result(), AccessLogEntry.class);
            logged++;
            block = Math.max(block, receipt.blockNumber());
            if (entry.decision().outcome() == Decision.Outcome.GRANTED) {
                granted.add(entry.requestId());
            }
        }
        LOG.info(
                "Research access by {} at {}: {} of {} patients logged",
                principal.userId(),
                holder,
                logged,
                patients.size());
        return new Logged(holder, patients.size(), logged, granted, block);
    }

    private List<String> patientsHeldBy(String holder) {
        Set<String> patients = new TreeSet<>();
        for (DataRecord record : Payloads.scan(node.gateway().state(), "data/", DataRecord.class)) {
            if (record.organisation().equals(holder)) {
                patients.add(record.patientId());
            }
        }
        return List.copyOf(patients);
    }

    private Decision preview(Principal principal, String patientId, List<String> tags) {
        Requester requester = Requester.of(Submitters.of(principal));
        return AccessLogContract.decide(
                node.gateway().state(),
                new DecisionRequest(
                        requester,
                        patientId,
                        Set.copyOf(tags),
                        RESEARCH,
                        node.clock().instant()));
    }

    private TxReceipt log(Principal principal, String patientId, List<String> tags, String holder) {
        AccessRequest request = new AccessRequest(
                Ids.newRequestId(), patientId, tags, RESEARCH, "de-identified research extract at " + holder);
        try {
            return Submitters.committed(
                    Submitters.submit(node.gateway(), AccessLogContract.RECORD, request, principal));
        } catch (TrustlakeException e) {
            throw new TrustlakeException(
                    e.code(), "the ledger did not record this access, so no data was released: " + e.getMessage(), e);
        }
    }

    Built build(Principal principal, Zone zone, List<String> tags, List<String> requestIds, long blockNumber)
            throws InterruptedException {
        requireResearcher(principal);
        validateTags(tags);
        if (requestIds.isEmpty() || requestIds.size() > MAX_REQUESTS) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST,
                    "accessRequests must list the research access-log entries (from POST /api/v1/research/access)");
        }
        node.gateway().peer().awaitHeight(Math.max(0, blockNumber) + 1, REPLICA_WAIT);
        Set<String> used = node.lake().extracts().usedAccessRequests();
        List<ResearchExtracts.PatientRelease> releases = new ArrayList<>();
        for (String requestId : new TreeSet<>(requestIds)) {
            if (used.contains(requestId)) {
                throw new TrustlakeException(
                        ErrorCode.CONFLICT, "access " + Ids.printable(requestId) + " was already used for an extract");
            }
            releases.add(release(principal, requestId, tags));
        }
        ResearchExtracts.Manifest manifest = node.lake()
                .extracts()
                .build(
                        new ResearchExtracts.Request(
                                Ids.newRequestId(),
                                zone,
                                principal.userId(),
                                principal.organisationId(),
                                tags,
                                List.copyOf(new TreeSet<>(requestIds))),
                        releases);
        LOG.info(
                "Research extract {} for {}: {} patients",
                manifest.extractId(),
                principal.userId(),
                manifest.patients());
        return new Built(manifest, manifest.patients());
    }

    /** Checks one entry on this node's replica and re-decides it here. */
    private ResearchExtracts.PatientRelease release(Principal principal, String requestId, List<String> tags) {
        AccessLogEntry entry = (Ids.isRequestId(requestId)
                        ? AccessLogContract.entry(node.gateway().state(), requestId)
                        : java.util.Optional.<AccessLogEntry>empty())
                .filter(e -> e.requester().userId().equals(principal.userId())
                        && RESEARCH.equals(e.purpose())
                        && e.decision().outcome() == Decision.Outcome.GRANTED)
                .orElseThrow(() -> new TrustlakeException(
                        ErrorCode.FORBIDDEN,
                        "access " + Ids.printable(requestId)
                                + " is not a granted research access of yours on this node's ledger"));
        if (node.lake().summary(entry.patientId()).isEmpty()) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST,
                    "access " + requestId + " is for a patient this organisation holds no data for");
        }
        Decision own = AccessLogContract.decide(
                node.gateway().state(),
                new DecisionRequest(
                        entry.requester(),
                        entry.patientId(),
                        Set.copyOf(entry.requestedTags()),
                        entry.purpose(),
                        node.clock().instant()));
        Set<String> released = new HashSet<>(own.released());
        released.retainAll(entry.decision().released());
        if (!tags.isEmpty()) {
            released.retainAll(tags);
        }
        return new ResearchExtracts.PatientRelease(entry.patientId(), released);
    }

    private static void requireResearcher(Principal principal) {
        if (principal.role() != Role.RESEARCHER) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only researchers build research extracts, with their patients' permission");
        }
    }

    private static void validateTags(List<String> tags) {
        if (tags.size() > MAX_TAGS || !tags.stream().allMatch(Ids::isTag)) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "tags must be lower-case section names such as conditions");
        }
    }
}
