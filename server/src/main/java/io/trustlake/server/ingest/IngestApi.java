package io.trustlake.server.ingest;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.lake.IngestReport;
import io.trustlake.lake.PatientSummary;
import io.trustlake.lake.Source;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.gateway.Submission;
import io.trustlake.server.NodeServices;
import io.trustlake.server.api.Submitters;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/organisations/{organisation}/ingest}: an organisation's admin hands its running
 * node one FHIR R4 Bundle (one patient's delivery, as {@code trustlake ingest} reads from a file).
 * The bundle goes through the lake's ingestion exactly like a file (all or nothing, tags by the
 * node's mapping, idempotent), and the patient's data record is then registered on the ledger when
 * its data hash changed. The body may be as large as the lake's bundle limit, not the API's usual
 * 1 MiB; it is read up to that limit and refused beyond it without being ingested.
 */
public final class IngestApi {
    /** The source system of uploads when the caller names none. */
    public static final String DEFAULT_SOURCE_SYSTEM = "api-upload";

    private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);
    private static final String PATH = "/api/v1/organisations/{organisation}/ingest";
    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final NodeServices node;
    private final Authentication authentication;

    public IngestApi(NodeServices node, Authentication authentication) {
        this.node = node;
        this.authentication = authentication;
    }

    /** Registers this API's route. */
    public void route(JavalinConfig javalin) {
        javalin.routes.post(PATH, this::ingest);
    }

    /**
     * The answer for an accepted bundle.
     *
     * @param registered whether this upload changed the patient's data record on the ledger (false
     *     when the data hash there was already current)
     * @param ledger where the data record was registered, when it was
     */
    public record Ingested(
            String status,
            String patientId,
            String sourceSystem,
            int resourceCount,
            int changedCount,
            String dataHash,
            boolean registered,
            Submitters.LedgerPosition ledger) {}

    void ingest(Context ctx) {
        Principal principal = authentication.require(ctx);
        requireOwnAdmin(principal, ctx.pathParam("organisation"));
        requireFhirJson(ctx.contentType());
        String system = sourceSystem(ctx.queryParam("sourceSystem"));
        byte[] bundle = readBounded(ctx, node.lake().maxBundleBytes());
        Source source = new Source(
                system,
                "upload by " + principal.userId() + " at " + node.clock().instant());
        IngestReport report = node.lake().ingest(source, bundle);
        if (report instanceof IngestReport.Rejected rejected) {
            throw new TrustlakeException(
                    ErrorCode.INVALID_BUNDLE,
                    "the bundle was rejected and nothing was stored: " + rejected.reason() + " " + rejected.detail());
        }
        if (!(report instanceof IngestReport.Accepted accepted)) {
            throw new TrustlakeException(ErrorCode.INVALID_BUNDLE, "the bundle holds no patient data");
        }
        Optional<Submitters.LedgerPosition> registered = register(accepted.patientId());
        LOG.info(
                "Ingested {} resources ({} changed) uploaded by {}",
                accepted.resourceCount(),
                accepted.changedCount(),
                principal.userId());
        Responses.json(
                ctx,
                201,
                new Ingested(
                        "ACCEPTED",
                        accepted.patientId(),
                        system,
                        accepted.resourceCount(),
                        accepted.changedCount(),
                        accepted.dataHash(),
                        registered.isPresent(),
                        registered.orElse(null)));
    }

    /**
     * Registers the patient's data record when the ledger does not hold its current hash. A ledger
     * that refuses or cannot be reached is a failure the caller sees (the data is in the lake;
     * sending the bundle again is harmless and retries the registration).
     */
    private Optional<Submitters.LedgerPosition> register(String patientId) {
        String organisation = node.organisationId();
        PatientSummary summary = node.lake()
                .summary(patientId)
                .orElseThrow(() -> new TrustlakeException(ErrorCode.INTERNAL, "an ingested patient has no summary"));
        boolean current = DataRecordsContract.holders(node.gateway().state(), patientId).stream()
                .anyMatch(r ->
                        r.organisation().equals(organisation) && r.dataHash().equals(summary.dataHash()));
        if (current) {
            return Optional.empty();
        }
        DataRecord record = new DataRecord(
                patientId,
                organisation,
                summary.dataHash(),
                summary.resourceCount(),
                List.copyOf(summary.tags()),
                "lake://" + organisation + "/catalog/" + patientId,
                node.clock().instant());
        Submission submission =
                node.gateway().submit(DataRecordsContract.REGISTER, record, Submitter.node(organisation));
        try {
            return Optional.of(Submitters.LedgerPosition.of(Submitters.committed(submission)));
        } catch (TrustlakeException e) {
            throw new TrustlakeException(
                    e.code(),
                    "the bundle was ingested, but its data record could not be registered on the ledger ("
                            + e.getMessage() + "); send it again to retry",
                    e);
        }
    }

    private void requireOwnAdmin(Principal principal, String organisation) {
        if (principal.role() != Role.ADMIN || !principal.organisationId().equals(organisation)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only an admin of " + Ids.printable(organisation) + " ingests its data");
        }
        if (!organisation.equals(node.organisationId())) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "this node ingests only its own organisation's data; use your own node");
        }
    }

    private static void requireFhirJson(String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/fhir+json") && !type.equals("application/json")) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "the body must be a FHIR R4 Bundle sent as application/fhir+json");
        }
    }

    private static String sourceSystem(String given) {
        if (given == null) {
            return DEFAULT_SOURCE_SYSTEM;
        }
        if (!SYSTEM.matcher(given).matches()) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST,
                    "sourceSystem must be a lower-case slug of letters, digits, '.', '_' or '-' (at most 64)");
        }
        return given;
    }

    /** The body, refused (413) without being ingested when it is larger than {@code limit}. */
    private static byte[] readBounded(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "the request body could not be read", e);
        }
    }

    private static TrustlakeException tooLarge(long limit) {
        return new TrustlakeException(
                ErrorCode.PAYLOAD_TOO_LARGE, "the bundle is larger than this node's limit of " + limit + " bytes");
    }
}
