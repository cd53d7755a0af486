package io.trustlake.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.trustlake.contracts.access.compiled.RuleIndex;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.server.api.AccessRequestsApi;
import io.trustlake.server.api.AccountsApi;
import io.trustlake.server.api.AuditApi;
import io.trustlake.server.api.AuthApi;
import io.trustlake.server.api.DecisionsApi;
import io.trustlake.server.api.DirectoryApi;
import io.trustlake.server.api.FactorsApi;
import io.trustlake.server.api.IdentityProviderApi;
import io.trustlake.server.api.OverridesApi;
import io.trustlake.server.api.PicturesApi;
import io.trustlake.server.api.RecordsApi;
import io.trustlake.server.api.RulesApi;
import io.trustlake.server.fhir.FhirApi;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.ErrorMapper;
import io.trustlake.server.http.Responses;
import io.trustlake.server.ingest.IngestApi;
import io.trustlake.server.log.CosignApi;
import io.trustlake.server.log.Cosigning;
import io.trustlake.server.log.LedgerApi;
import io.trustlake.server.log.LogReader;
import io.trustlake.server.log.Witnesses;
import io.trustlake.server.notify.Notifications;
import io.trustlake.server.portal.CarePages;
import io.trustlake.server.portal.MyPages;
import io.trustlake.server.portal.PatientPages;
import io.trustlake.server.portal.PicturePages;
import io.trustlake.server.portal.Portal;
import io.trustlake.server.portal.SecurityPages;
import io.trustlake.server.records.DeliveryKeysApi;
import io.trustlake.server.records.DisclosureApi;
import io.trustlake.server.records.Federation;
import io.trustlake.server.records.RecordService;
import io.trustlake.server.research.ResearchExtractsApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Map;

/** One node's HTTP server: the JSON API, the node-to-node endpoint and the portal. */
public final class ApiServer implements AutoCloseable {
    private final Javalin app;
    private final NodeServices node;
    private final Notifications notifications;
    private final RuleIndex ruleIndex;

    private ApiServer(Javalin app, NodeServices node, Notifications notifications, RuleIndex ruleIndex) {
        this.app = app;
        this.node = node;
        this.notifications = notifications;
        this.ruleIndex = ruleIndex;
    }

    /** Builds every handler for the node and starts listening. */
    public static ApiServer start(ServerConfig config, NodeServices node) {
        Authentication authentication = new Authentication(
                node.tokens(),
                new LedgerKeyDirectory(node.gateway().state()),
                node.auth().events(),
                node.clock());
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(config.remoteTimeout()).build();
        Federation federation =
                new Federation(node.organisationId(), node.nodeKey(), client, node.clock(), config.remoteTimeout());
        RecordService records = new RecordService(node, federation, config);
        Notifications notifications = Notifications.start();
        RuleIndex ruleIndex = RuleIndex.over(node.gateway().state());
        node.gateway().peer().addIndex(ruleIndex);
        LogReader log = new LogReader(node.gateway().peer().store());
        Witnesses witnesses = new Witnesses(node, log, client, config);
        Handlers handlers = Handlers.create(node, authentication, records, config, notifications, ruleIndex);
        LedgerApi ledger = new LedgerApi(log, witnesses, authentication);
        CosignApi cosign = new CosignApi(node, log, config.remoteTimeout());
        ResearchExtractsApi research = new ResearchExtractsApi(node, authentication);
        Javalin app = Javalin.create(javalin -> {
            configure(javalin, config, handlers);
            routeLedger(javalin, ledger, cosign);
            routeIdentityProviders(javalin, new IdentityProviderApi(node.gateway(), authentication));
            research.route(javalin);
            new IngestApi(node, authentication).route(javalin);
            handlers.records().deliveryKeys().route(javalin);
        });
        node.gateway().peer().addListener(notifications);
        node.auth().push().connect(notifications);
        app.start(config.host(), config.port());
        return new ApiServer(app, node, notifications, ruleIndex);
    }

    private static void configure(JavalinConfig javalin, ServerConfig config, Handlers h) {
        javalin.startup.showJavalinBanner = false;
        javalin.http.maxRequestSize = config.maxRequestBytes();
        ErrorMapper.install(javalin);
        var r = javalin.routes;
        r.get("/health", h::health);
        r.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(resource("openapi.json")));
        r.get("/static/portal.css", ctx -> ctx.contentType("text/css").result(resource("portal.css")));
        r.get("/.well-known/jwks.json", h.auth::jwks);
        r.post("/api/v1/auth/login", h.auth::login);
        r.post("/api/v1/auth/login/totp", h.auth::totp);
        r.post("/api/v1/auth/login/push", h.auth::requestPush);
        r.get("/api/v1/auth/login/push/{challengeId}", h.auth::pushStatus);
        r.post("/api/v1/auth/push/{challengeId}/approve", ctx -> h.auth.answerPush(ctx, true));
        r.post("/api/v1/auth/push/{challengeId}/deny", ctx -> h.auth.answerPush(ctx, false));
        r.post("/api/v1/auth/refresh", h.auth::refresh);
        r.post("/api/v1/auth/register", h.accounts::register);
        r.post("/api/v1/organisations/{organisation}/accounts", h.accounts::registerStaff);
        r.post("/api/v1/organisations/{organisation}/invitations", h.accounts::invite);
        r.post("/api/v1/organisations/{organisation}/accounts/{username}/revoke-sessions", h.accounts::revokeSessions);
        r.get("/api/v1/auth/picture-grid", h.pictures::grid);
        r.post("/api/v1/auth/password-strength", h.factors::strength);
        r.post("/api/v1/me/password", h.factors::changePassword);
        r.post("/api/v1/auth/picture-strength", h.pictures::strength);
        r.post("/api/v1/auth/login/pictures", h.pictures::login);
        r.get("/pictures/{layoutId}/{position}", h.pictures::picture);
        r.put("/api/v1/me/picture-password", h.pictures::set);
        r.post("/api/v1/me/picture-password/remove", h.pictures::remove);
        r.get("/static/pictures.js", ctx -> ctx.contentType("text/javascript").result(resource("pictures.js")));
        r.post("/api/v1/auth/logout", h.auth::logout);
        r.get("/api/v1/me", h.auth::me);
        r.get("/api/v1/me/factors", h.factors::factors);
        r.post("/api/v1/me/factors/totp", h.factors::beginTotp);
        r.post("/api/v1/me/factors/totp/confirm", h.factors::confirmTotp);
        r.post("/api/v1/me/factors/totp/remove", h.factors::removeTotp);
        r.put("/api/v1/me/factors/push", h.factors::setPush);
        r.get("/api/v1/me/security-events", h.factors::mine);
        r.get("/api/v1/security-events", h.factors::all);
        r.get("/api/v1/directory", h.directory::get);
        r.get("/api/v1/patients/{patientId}/rules", h.rules::list);
        r.post("/api/v1/patients/{patientId}/rules", h.rules::create);
        r.delete("/api/v1/patients/{patientId}/rules/{ruleId}", h.rules::revoke);
        r.put("/api/v1/patients/{patientId}/rules/{ruleId}", h.rules::update);
        r.get("/api/v1/patients/{patientId}/rules/{ruleId}/history", h.rules::history);
        r.post("/api/v1/patients/{patientId}/rules/{ruleId}/restore", h.rules::restore);
        r.get("/api/v1/patients/{patientId}/delegates", h.rules::delegates);
        r.post("/api/v1/patients/{patientId}/delegates", h.rules::addDelegate);
        r.delete("/api/v1/patients/{patientId}/delegates/{userId}", h.rules::removeDelegate);
        r.post("/api/v1/patients/{patientId}/decisions", h.decisions::preview);
        r.get("/api/v1/patients/{patientId}/access-requests", h.requests::forPatient);
        r.post("/api/v1/patients/{patientId}/access-requests", h.requests::ask);
        r.post("/api/v1/patients/{patientId}/access-requests/{requestId}/approve", h.requests::approve);
        r.post("/api/v1/patients/{patientId}/access-requests/{requestId}/reject", h.requests::reject);
        r.get("/api/v1/access-requests", h.requests::mine);
        r.get("/api/v1/organisations/{organisation}/overrides", h.overrides::list);
        r.post("/api/v1/organisations/{organisation}/overrides/{logIndex}/review", h.overrides::review);
        r.sse("/api/v1/events", client -> h.events(client));
        r.sse("/portal/events", client -> h.events(client));
        r.get("/api/v1/patients/{patientId}/audit", h.audit::list);
        r.post("/api/v1/records/{patientId}", h.records::request);
        r.get("/api/v1/records/{requestId}/provenance", h.records::provenance);
        r.get("/api/v1/records/{patientId}/{requestId}", h.records::take);
        r.post(Federation.PATH, h.disclosures::disclose);
        r.get("/fhir/Consent", h.fhir::searchConsents);
        r.post("/fhir/Consent", h.fhir::importConsent);
        r.get("/fhir/Consent/{id}", h.fhir::readConsent);
        r.get("/fhir/AuditEvent", h.fhir::searchAuditEvents);
        r.get("/", ctx -> ctx.redirect("/portal"));
        r.get("/login", h.portal::loginPage);
        r.post("/login", h.portal::login);
        r.post("/logout", h.portal::logout);
        r.post("/login/totp", h.portal::totp);
        r.post("/login/push", h.portal::push);
        r.get("/login/push/{challengeId}", h.portal::pushStatus);
        r.get("/portal/security", h.security::page);
        r.get("/login/pictures", h.picturePages::loginPage);
        r.post("/login/pictures", h.picturePages::login);
        r.get("/portal/security/pictures", h.picturePages::choosePage);
        r.post("/portal/security/pictures", h.picturePages::choose);
        r.post("/portal/security/totp", h.security::beginTotp);
        r.post("/portal/security/totp/confirm", h.security::confirmTotp);
        r.post("/portal/security/totp/remove", h.security::removeTotp);
        r.post("/portal/security/push", h.security::setPush);
        r.post("/portal/security/password", h.security::changePassword);
        r.post("/portal/security/approvals/{challengeId}", h.security::answer);
        r.get("/portal", h.care::home);
        r.post("/portal/patients/{patientId}/access-requests", h.care::ask);
        r.post("/portal/access-requests/{requestId}/approve", h.care::approve);
        r.post("/portal/access-requests/{requestId}/reject", h.care::reject);
        r.get("/portal/overrides", h.care::overrides);
        r.post("/portal/overrides/{logIndex}/review", h.care::review);
        r.get("/static/live.js", ctx -> ctx.contentType("text/javascript").result(resource("live.js")));
        r.get("/portal/record", h.my::record);
        r.get("/portal/rules", h.my::rules);
        r.post("/portal/rules", h.my::createRule);
        r.post("/portal/rules/{ruleId}/revoke", h.my::revokeRule);
        r.get("/portal/audit", h.my::audit);
        r.get("/portal/patients", h.patients::lookup);
        r.post("/portal/patients/{patientId}/record", h.patients::request);
    }

    private static void routeLedger(JavalinConfig javalin, LedgerApi ledger, CosignApi cosign) {
        var r = javalin.routes;
        r.get("/api/v1/ledger/checkpoint", ledger::checkpoint);
        r.get("/api/v1/ledger/proofs/inclusion", ledger::inclusion);
        r.get("/api/v1/ledger/proofs/consistency", ledger::consistency);
        r.get("/api/v1/ledger/entries/{index}", ledger::entry);
        r.get("/portal/ledger/checkpoint", ledger::checkpoint);
        r.get("/portal/ledger/proofs/inclusion", ledger::inclusion);
        r.get("/portal/ledger/entries/{index}", ledger::entry);
        r.post(Cosigning.PATH, cosign::cosign);
        r.get("/static/verify.js", ctx -> ctx.contentType("text/javascript").result(resource("verify.js")));
    }

    private static void routeIdentityProviders(JavalinConfig javalin, IdentityProviderApi providers) {
        String path = "/api/v1/organisations/{organisation}/identity-provider";
        javalin.routes.get(path, providers::get);
        javalin.routes.put(path, providers::put);
        javalin.routes.delete(path, providers::delete);
    }

    /** Every handler of a node, built once. */
    private record Handlers(
            NodeServices node,
            AuthApi auth,
            FactorsApi factors,
            SecurityPages security,
            PicturesApi pictures,
            PicturePages picturePages,
            AccountsApi accounts,
            RulesApi rules,
            AuditApi audit,
            DirectoryApi directory,
            RecordsApi records,
            DisclosureApi disclosures,
            FhirApi fhir,
            Portal portal,
            MyPages my,
            PatientPages patients,
            AccessRequestsApi requests,
            OverridesApi overrides,
            DecisionsApi decisions,
            Authentication authentication,
            Notifications notifications,
            CarePages care) {
        static Handlers create(
                NodeServices node,
                Authentication authentication,
                RecordService records,
                ServerConfig config,
                Notifications notifications,
                RuleIndex ruleIndex) {
            AuthApi auth = new AuthApi(node.auth(), authentication);
            FactorsApi factors = new FactorsApi(node.auth(), authentication);
            RulesApi rules = new RulesApi(node.gateway(), authentication, node.clock());
            AuditApi audit = new AuditApi(node.gateway().state(), authentication);
            DirectoryApi directory = new DirectoryApi(node.gateway().state(), authentication);
            String name = MembershipContract.organisation(node.gateway().state(), node.organisationId())
                    .map(o -> o.name())
                    .orElse(node.organisationId());
            Portal portal = new Portal(auth, authentication, name, node.clock());
            PicturesApi pictures = new PicturesApi(node.auth(), auth, factors);
            PatientPages patients = new PatientPages(portal, records);
            AccessRequestsApi requests = new AccessRequestsApi(node.gateway(), authentication, node.clock());
            OverridesApi overrides = new OverridesApi(node.gateway(), authentication);
            return new Handlers(
                    node,
                    auth,
                    factors,
                    new SecurityPages(portal, factors),
                    pictures,
                    new PicturePages(portal, pictures),
                    new AccountsApi(node.auth(), authentication),
                    rules,
                    audit,
                    directory,
                    new RecordsApi(
                            records,
                            authentication,
                            new DeliveryKeysApi(node.lake().deliveries(), authentication)),
                    new DisclosureApi(node, authentication, config.remoteTimeout(), ruleIndex),
                    new FhirApi(node.gateway(), authentication, rules),
                    portal,
                    new MyPages(portal, patients, rules, audit, directory),
                    patients,
                    requests,
                    overrides,
                    new DecisionsApi(node.gateway().state(), ruleIndex, authentication, node.clock()),
                    authentication,
                    notifications,
                    new CarePages(portal, requests, overrides));
        }

        void events(io.javalin.http.sse.SseClient client) {
            java.util.Optional<io.trustlake.auth.Principal> principal = authentication.optional(client.ctx());
            if (principal.isEmpty()) {
                client.sendEvent("error", "{\"error\":\"UNAUTHENTICATED\"}");
                client.close();
                return;
            }
            notifications.subscribe(principal.get(), client);
        }

        void health(io.javalin.http.Context ctx) {
            Responses.ok(
                    ctx,
                    Map.of(
                            "status",
                            "up",
                            "organisation",
                            node.organisationId(),
                            "ledgerHeight",
                            node.gateway().peer().height(),
                            "ledgerHead",
                            node.gateway().peer().head().hash(),
                            "ordererRole",
                            node.gateway().ordererRole()));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        node.gateway().peer().removeListener(notifications);
        node.gateway().peer().removeIndex(ruleIndex);
        node.auth().push().disconnect();
        notifications.close();
        app.stop();
    }
}
