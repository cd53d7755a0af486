package io.trustlake.server.records;

import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.AccessRequest;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.contracts.provenance.ProvenanceEntry;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.lake.AssembledRecord;
import io.trustlake.lake.PatientSummary;
import io.trustlake.lake.SourcePart;
import io.trustlake.lake.TaggedResource;
import io.trustlake.lake.TakeResult;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.api.Submitters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record request (SERUMS stages): the access is decided and logged on the ledger first, and
 * only a granted, committed entry lets data move; then each organisation holding data for the
 * patient contributes its allowed share, the shares are assembled into one SPHR Bundle, and the
 * Bundle waits in the consumer zone to be fetched once by the requester. Thread-safe.
 */
public final class RecordService {
    private static final Logger LOG = LoggerFactory.getLogger(RecordService.class);

    private final NodeServices node;
    private final Federation federation;
    private final ServerConfig config;

    public RecordService(NodeServices node, Federation federation, ServerConfig config) {
        this.node = node;
        this.federation = federation;
        this.config = config;
    }

    /**
     * Decides, logs and (if granted) assembles; a refusal is a result with outcome DENIED. Only the
     * node of the user's own organisation runs it (holders disclose only to that node, and only it
     * may notarise the assembly), so another node refuses with 403 before anything is logged.
     */
    public RecordResult request(Principal principal, String userToken, String patientId, RecordBody body) {
        validate(patientId, body);
        if (!principal.organisationId().equals(node.organisationId())) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN,
                    "a record is requested at your own organisation's node (" + principal.organisationId()
                            + "): it logs the access, asks the other holders for you and assembles the record;"
                            + " nothing was logged or released here");
        }
        List<DataRecord> holders = DataRecordsContract.holders(node.gateway().state(), patientId);
        if (holders.isEmpty()) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no organisation holds data for patient " + patientId);
        }
        AccessRequest request =
                new AccessRequest(Ids.newRequestId(), patientId, body.tags(), body.purpose(), body.justification());
        TxReceipt receipt = logAccess(principal, request);
        AccessLogEntry entry = Payloads.decode(receipt.result(), AccessLogEntry.class);
        Submitters.LedgerPosition position = Submitters.LedgerPosition.of(receipt);
        if (entry.decision().outcome() != io.trustlake.contracts.access.Decision.Outcome.GRANTED) {
            LOG.info("Access refused and logged at {}: request {}", position.logIndex(), request.requestId());
            return result(entry, position, "", 0, List.of());
        }
        List<RecordResult.SourceStatus> statuses = new ArrayList<>();
        List<ProvenanceContract.Step> steps = new ArrayList<>();
        List<Shares.Share> shares = collect(entry, holders, userToken, statuses, steps);
        List<SourcePart> parts = shares.stream().map(Shares.Share::part).toList();
        AssembledRecord record = node.lake().assemble(request.requestId(), parts);
        byte[] bundle = record.bytes();
        String bundleHash = Shares.sha256(bundle);
        steps.add(new ProvenanceContract.Step(
                ProvenanceContract.Stage.ASSEMBLE,
                shares.stream().map(Shares.Share::sha256).toList(),
                bundleHash));
        String ciphertextHash = node.lake()
                .deliveries()
                .store(
                        request.requestId(),
                        principal.userId(),
                        bundle,
                        node.clock().instant().plus(config.deliveryTtl()));
        steps.add(new ProvenanceContract.Step(ProvenanceContract.Stage.CONSUMER, List.of(bundleHash), ciphertextHash));
        try {
            Notary.notarise(node.gateway(), node.organisationId(), request.requestId(), steps);
        } catch (TrustlakeException e) {
            node.lake().deliveries().discard(request.requestId());
            throw new TrustlakeException(e.code(), e.getMessage() + "; the assembled record was withdrawn", e);
        }
        return result(entry, position, link(patientId, request.requestId()), record.resourceCount(), statuses);
    }

    /**
     * Commits the access-log entry (the contract decides it) before anything else happens: if the
     * ledger refuses it or cannot be reached, the request fails here and no data has moved.
     */
    private TxReceipt logAccess(Principal principal, AccessRequest request) {
        try {
            return Submitters.committed(
                    Submitters.submit(node.gateway(), AccessLogContract.RECORD, request, principal));
        } catch (TrustlakeException e) {
            throw new TrustlakeException(
                    e.code(), "the ledger did not record this access, so no data was released: " + e.getMessage(), e);
        }
    }

    /** Hands out an assembled record once, to the user who requested it. */
    public byte[] take(Principal principal, String patientId, String requestId) {
        if (!Ids.isRequestId(requestId) || !Ids.isPatientId(patientId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such record");
        }
        boolean matches = AccessLogContract.entry(node.gateway().state(), requestId)
                .map(e -> e.patientId().equals(patientId))
                .orElse(false);
        if (!matches) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such record");
        }
        TakeResult taken = node.lake()
                .deliveries()
                .take(requestId, principal.userId(), node.clock().instant());
        if (taken instanceof TakeResult.Delivered delivered) {
            byte[] bundle = delivered.bytes();
            try {
                Notary.notarise(
                        node.gateway(),
                        node.organisationId(),
                        requestId,
                        List.of(new ProvenanceContract.Step(
                                ProvenanceContract.Stage.DELIVER,
                                List.of(delivered.ciphertextSha256()),
                                Shares.sha256(bundle))));
            } catch (TrustlakeException e) {
                throw new TrustlakeException(
                        e.code(), e.getMessage() + "; the record was withheld and must be requested again", e);
            }
            return bundle;
        }
        if (taken instanceof TakeResult.AlreadyDelivered) {
            throw new TrustlakeException(ErrorCode.GONE, "this record was already collected; request it again");
        }
        if (taken instanceof TakeResult.Expired) {
            throw new TrustlakeException(
                    ErrorCode.GONE, "this record expired before it was collected; request it again");
        }
        if (taken instanceof TakeResult.NotRecipient) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "this record was assembled for someone else");
        }
        throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such record");
    }

    /** Asks every holder at once ({@link HolderCalls}); a holder that cannot be reached is reported missing. */
    private List<Shares.Share> collect(
            AccessLogEntry entry,
            List<DataRecord> holders,
            String userToken,
            List<RecordResult.SourceStatus> statuses,
            List<ProvenanceContract.Step> steps) {
        Set<String> released = Set.copyOf(entry.decision().released());
        List<Organisation> organisations = new ArrayList<>();
        List<HolderCalls.Holder> calls = new ArrayList<>();
        for (DataRecord holder : holders) {
            Organisation organisation = MembershipContract.organisation(
                            node.gateway().state(), holder.organisation())
                    .orElseThrow(() -> new TrustlakeException(ErrorCode.INTERNAL, "data holder is not a member"));
            organisations.add(organisation);
            boolean here = organisation.id().equals(node.organisationId());
            calls.add(new HolderCalls.Holder(
                    here
                            ? () -> selectOwn(organisation, entry.patientId(), released)
                            : () -> federation.fetch(
                                    config.endpointOf(organisation.id(), organisation.endpoint()),
                                    organisation.name(),
                                    entry.requestId(),
                                    entry.patientId(),
                                    entry.blockNumber(),
                                    userToken),
                    here));
        }
        List<HolderCalls.Outcome> outcomes = HolderCalls.askAll(calls);
        List<Shares.Share> shares = new ArrayList<>();
        for (int i = 0; i < organisations.size(); i++) {
            Organisation organisation = organisations.get(i);
            HolderCalls.Outcome outcome = outcomes.get(i);
            if (!outcome.included()) {
                LOG.warn(
                        "Organisation {} missing from request {}: {}",
                        organisation.id(),
                        entry.requestId(),
                        outcome.missing());
                statuses.add(new RecordResult.SourceStatus(organisation.id(), "missing", 0, outcome.missing()));
                continue;
            }
            if (calls.get(i).here()) {
                steps.add(new ProvenanceContract.Step(
                        ProvenanceContract.Stage.SELECT,
                        List.of(ownDataHash(entry.patientId())),
                        outcome.share().sha256()));
            }
            shares.add(outcome.share());
            statuses.add(new RecordResult.SourceStatus(
                    organisation.id(),
                    "included",
                    outcome.share().part().resources().size(),
                    ""));
        }
        return shares;
    }

    private Shares.Share selectOwn(Organisation organisation, String patientId, Set<String> released) {
        List<TaggedResource> resources = node.lake().select(patientId, released);
        return new Shares.Share(
                new SourcePart(organisation.id(), organisation.name(), resources),
                Shares.sha256(Shares.body(organisation.id(), resources)));
    }

    /** What went into this node's SELECT stage: the hash of everything it holds for the patient. */
    String ownDataHash(String patientId) {
        return node.lake().summary(patientId).map(PatientSummary::dataHash).orElseGet(() -> Shares.sha256(new byte[0]));
    }

    /** Who may read a request's provenance: its requester, the patient, auditors and admins. */
    public Provenance provenance(Principal principal, String requestId) {
        AccessLogEntry entry = (Ids.isRequestId(requestId)
                        ? AccessLogContract.entry(node.gateway().state(), requestId)
                        : java.util.Optional.<AccessLogEntry>empty())
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "no such record request"));
        boolean allowed = principal.userId().equals(entry.requester().userId())
                || (principal.role() == Role.PATIENT
                        && principal.patientIdOrEmpty().equals(entry.patientId()))
                || principal.role() == Role.AUDITOR
                || principal.role() == Role.ADMIN;
        if (!allowed) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN,
                    "only the requester, the patient, auditors and admins may see a record's provenance");
        }
        return new Provenance(
                entry.requestId(),
                entry.patientId(),
                ProvenanceContract.entries(node.gateway().state(), requestId));
    }

    /** A request's notarised stages, in pipeline order. */
    public record Provenance(String requestId, String patientId, List<ProvenanceEntry> stages) {}

    private static void validate(String patientId, RecordBody body) {
        Ids.requirePatientId(patientId);
        if (body.purpose() == null || !AccessRulesContract.PURPOSES.contains(body.purpose())) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST,
                    "purpose must be one of " + new java.util.TreeSet<>(AccessRulesContract.PURPOSES));
        }
        if (DecisionEngine.EMERGENCY_PURPOSES.contains(body.purpose())
                && body.justification().isBlank()) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "emergency access needs a written justification");
        }
        if (body.tags().size() > 64 || !body.tags().stream().allMatch(Ids::isTag)) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "tags must be lower-case section names such as allergies");
        }
    }

    private static RecordResult result(
            AccessLogEntry entry,
            Submitters.LedgerPosition position,
            String link,
            int count,
            List<RecordResult.SourceStatus> sources) {
        return new RecordResult(
                entry.requestId(),
                entry.patientId(),
                entry.purpose(),
                entry.decision().outcome().name(),
                entry.decision().released(),
                entry.decision().withheld(),
                position,
                link,
                count,
                sources,
                entry.decision().overridden());
    }

    public static String link(String patientId, String requestId) {
        return "/api/v1/records/" + patientId + "/" + requestId;
    }
}
