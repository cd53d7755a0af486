package io.trustlake.server.research;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.AnalyticsTables;
import io.trustlake.lake.ResearchExtracts;
import io.trustlake.lake.Zone;
import io.trustlake.server.NodeServices;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * De-identified research extracts over HTTP ({@link ResearchService} decides and logs). A
 * researcher builds and reads their own extracts; the node organisation's admins and auditors may
 * list them and see their manifests (never the data), and admins may delete them.
 */
public final class ResearchExtractsApi {
    private static final String BASE = "/api/v1/research/extracts";
    private static final String ACCESS = "/api/v1/research/access";
    private static final Map<String, Zone> ZONES = Map.of("workspace", Zone.WORKSPACE, "analytics", Zone.ANALYTICS);

    private final NodeServices node;
    private final ResearchService service;
    private final Authentication authentication;

    public ResearchExtractsApi(NodeServices node, Authentication authentication) {
        this.node = node;
        this.service = new ResearchService(node);
        this.authentication = authentication;
    }

    /** Registers this API's routes. */
    public void route(JavalinConfig javalin) {
        var r = javalin.routes;
        r.post(ACCESS, this::logAccess);
        r.post(BASE, this::create);
        r.get(BASE, this::list);
        r.get(BASE + "/{extractId}", this::manifest);
        r.get(BASE + "/{extractId}/files/{name}", this::file);
        r.post(BASE + "/{extractId}/query", this::query);
        r.delete(BASE + "/{extractId}", this::delete);
    }

    /** Step 1, at the researcher's own node: which organisation's patients, and which tags. */
    public record AccessBody(String holder, List<String> tags) {
        public AccessBody {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** Step 2, at the holding node: the zone, the tags and the granted entries of step 1. */
    public record ExtractBody(String zone, List<String> tags, List<String> accessRequests, Long blockNumber) {
        public ExtractBody {
            tags = tags == null ? List.of() : List.copyOf(tags);
            accessRequests = accessRequests == null ? List.of() : List.copyOf(accessRequests);
        }
    }

    /** A read-only SQL query over an analytics extract's tables. */
    public record QueryBody(String sql) {}

    void logAccess(Context ctx) {
        Principal principal = authentication.require(ctx);
        AccessBody body = Json.parseInput(ctx.bodyAsBytes(), AccessBody.class);
        Responses.json(ctx, 201, service.logAccess(principal, body.holder(), body.tags()));
    }

    void create(Context ctx) throws InterruptedException {
        Principal principal = authentication.require(ctx);
        ExtractBody body = Json.parseInput(ctx.bodyAsBytes(), ExtractBody.class);
        Zone zone = ZONES.get(body.zone() == null ? "" : body.zone().toLowerCase(Locale.ROOT));
        if (principal.role() == Role.RESEARCHER && zone == null) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "zone must be workspace or analytics");
        }
        ResearchService.Built built = service.build(
                principal,
                zone,
                body.tags(),
                body.accessRequests(),
                body.blockNumber() == null ? 0 : body.blockNumber());
        ctx.header("Location", BASE + "/" + built.manifest().extractId());
        Responses.json(ctx, 201, built);
    }

    void list(Context ctx) {
        Principal principal = authentication.require(ctx);
        List<ResearchExtracts.Manifest> visible = node.lake().extracts().manifests().stream()
                .filter(m -> mayInspect(principal, m))
                .toList();
        Responses.ok(ctx, Map.of("extracts", visible));
    }

    void manifest(Context ctx) {
        Principal principal = authentication.require(ctx);
        ResearchExtracts.Manifest manifest = find(ctx.pathParam("extractId"));
        if (!mayInspect(principal, manifest)) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "this extract belongs to another researcher");
        }
        Responses.ok(ctx, manifest);
    }

    void file(Context ctx) {
        Principal principal = authentication.require(ctx);
        ResearchExtracts.Manifest manifest = find(ctx.pathParam("extractId"));
        if (!principal.userId().equals(manifest.requesterUserId())) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "only the researcher who built an extract may read it");
        }
        String name = ctx.pathParam("name");
        byte[] content = node.lake()
                .extracts()
                .file(manifest.extractId(), name)
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "this extract has no such file"));
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType(contentType(name))
                .result(content);
    }

    private static String contentType(String name) {
        if (name.endsWith(".ndjson")) {
            return "application/fhir+ndjson";
        }
        return name.endsWith(".parquet") ? "application/vnd.apache.parquet" : "application/fhir+json";
    }

    /** SQL over the researcher's own analytics extract, in a sandbox (see {@code AnalyticsTables}). */
    void query(Context ctx) {
        Principal principal = authentication.require(ctx);
        ResearchExtracts.Manifest manifest = find(ctx.pathParam("extractId"));
        if (!principal.userId().equals(manifest.requesterUserId())) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "only the researcher who built an extract may query it");
        }
        QueryBody body = Json.parseInput(ctx.bodyAsBytes(), QueryBody.class);
        AnalyticsTables.QueryResult result = node.lake()
                .extracts()
                .query(manifest.extractId(), body.sql())
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "no such research extract"));
        ctx.header("Cache-Control", "no-store");
        Responses.ok(ctx, result);
    }

    void delete(Context ctx) {
        Principal principal = authentication.require(ctx);
        ResearchExtracts.Manifest manifest = find(ctx.pathParam("extractId"));
        boolean admin =
                principal.role() == Role.ADMIN && principal.organisationId().equals(node.organisationId());
        if (!admin && !principal.userId().equals(manifest.requesterUserId())) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only the researcher who built an extract or this node's admin may delete it");
        }
        node.lake().extracts().delete(manifest.extractId());
        ctx.status(204);
    }

    private ResearchExtracts.Manifest find(String extractId) {
        ResearchExtracts extracts = node.lake().extracts();
        return extracts.manifest(extractId).orElseThrow(() -> extracts.expiredAt(extractId)
                .map(at -> new TrustlakeException(
                        ErrorCode.GONE,
                        "this research extract expired at " + at
                                + " and its files were deleted; log research access again to build a new one"))
                .orElseGet(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "no such research extract")));
    }

    /** The owner, and the admins and auditors of the organisation that holds the extract. */
    private boolean mayInspect(Principal principal, ResearchExtracts.Manifest manifest) {
        boolean steward = (principal.role() == Role.ADMIN || principal.role() == Role.AUDITOR)
                && principal.organisationId().equals(node.organisationId());
        return steward || principal.userId().equals(manifest.requesterUserId());
    }
}
