package io.trustlake.server.research;

import io.trustlake.auth.Principal;
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
import io.trustlake.lake.ResearchExtracts;
import io.trustlake.lake.Zone;
import io.trustlake.server.NodeServices;
import io.trustlake.server.api.Submitters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a de-identified research extract of the patients this node holds data for, exactly as far
 * as each patient's rules allow research use (purpose {@value #RESEARCH}, v3-ActReason "health
 * research"):
 *
 * <ol>
 *   <li>for every patient in this node's lake, the decision is previewed on this node's ledger
 *       replica; patients whose rules release nothing to the researcher for research are not asked
 *       and nothing of theirs is read or logged;
 *   <li>for each remaining patient an access-log entry is committed on the ledger (the contract
 *       decides again, on every peer) <em>before</em> any of their data is read — the patient sees it
 *       in their audit trail like any other access; if the ledger refuses or cannot be reached, the
 *       request fails and no extract is written;
 *   <li>the released tags of each granted entry are copied, de-identified, into the workspace or
 *       analytics zone ({@link ResearchExtracts}).
 * </ol>
 *
 * Thread-safe.
 */
final class ResearchService {
    static final String RESEARCH = "HRESCH";
    private static final Logger LOG = LoggerFactory.getLogger(ResearchService.class);
    private static final int MAX_TAGS = 64;

    private final NodeServices node;

    ResearchService(NodeServices node) {
        this.node = node;
    }

    /**
     * The answer to a build: the manifest, how many patients this node holds, how many were asked
     * (their rules allowed research use), and how many contributed data.
     */
    public record Built(
            ResearchExtracts.Manifest manifest, int patientsHeld, int patientsLogged, int patientsIncluded) {}

    Built build(Principal principal, Zone zone, List<String> tags) {
        if (tags.size() > MAX_TAGS || !tags.stream().allMatch(Ids::isTag)) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "tags must be lower-case section names such as conditions");
        }
        String extractId = Ids.newRequestId();
        List<String> patients = node.lake().patients();
        List<ResearchExtracts.PatientRelease> releases = new ArrayList<>();
        int logged = 0;
        for (String patientId : patients) {
            if (preview(principal, patientId, tags).outcome() != Decision.Outcome.GRANTED) {
                continue;
            }
            AccessLogEntry entry = log(principal, patientId, tags, extractId, zone);
            logged++;
            if (entry.decision().outcome() == Decision.Outcome.GRANTED) {
                releases.add(new ResearchExtracts.PatientRelease(
                        patientId, Set.copyOf(entry.decision().released())));
            }
        }
        ResearchExtracts.Manifest manifest = node.lake()
                .extracts()
                .build(
                        new ResearchExtracts.Request(
                                extractId, zone, principal.userId(), principal.organisationId(), tags),
                        releases);
        LOG.info(
                "Research extract {} for {}: {} of {} patients logged, {} included",
                extractId,
                principal.userId(),
                logged,
                patients.size(),
                manifest.patients());
        return new Built(manifest, patients.size(), logged, manifest.patients());
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

    private AccessLogEntry log(Principal principal, String patientId, List<String> tags, String extractId, Zone zone) {
        AccessRequest request = new AccessRequest(
                Ids.newRequestId(),
                patientId,
                tags,
                RESEARCH,
                "de-identified research extract " + extractId + " ("
                        + zone.name().toLowerCase(Locale.ROOT) + " zone)");
        try {
            return Payloads.decode(
                    Submitters.committed(
                                    node.gateway().submit(AccessLogContract.RECORD, request, Submitters.of(principal)))
                            .result(),
                    AccessLogEntry.class);
        } catch (TrustlakeException e) {
            throw new TrustlakeException(
                    e.code(), "the ledger did not record this access, so no extract was made: " + e.getMessage(), e);
        }
    }
}
