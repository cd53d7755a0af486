package io.trustlake.cli;

import io.trustlake.auth.AccountStore;
import io.trustlake.auth.AuthConfig;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.HttpProviderKeys;
import io.trustlake.auth.InMemoryRevocationList;
import io.trustlake.auth.JwksSettings;
import io.trustlake.auth.OidcFederation;
import io.trustlake.auth.PasswordHasher;
import io.trustlake.auth.TokenIssuer;
import io.trustlake.auth.TokenKey;
import io.trustlake.auth.TokenVerifier;
import io.trustlake.contracts.ConsortiumContracts;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.lake.KeyEncryptionKey;
import io.trustlake.lake.Lake;
import io.trustlake.lake.LakeConfig;
import io.trustlake.lake.ObjectStore;
import io.trustlake.lake.TagMapping;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.server.ApiServer;
import io.trustlake.server.LedgerIdentityProviders;
import io.trustlake.server.LedgerKeyDirectory;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.UserProofKeys;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organisation's running node: ledger peer, data lake, accounts and (once started) its HTTP
 * server. Close the orderer's delivery before closing the node.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** How often expired, uncollected records and expired research extracts are removed. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final NodeServices services;
    private final Peer peer;
    private final PasswordHasher hasher;
    private final ScheduledExecutorService sweeper;
    private Optional<ApiServer> server = Optional.empty();

    private NodeRuntime(NodeServices services, Peer peer, PasswordHasher hasher, ScheduledExecutorService sweeper) {
        this.services = services;
        this.peer = peer;
        this.hasher = hasher;
        this.sweeper = sweeper;
    }

    /**
     * Opens the node's stores, with the lake's objects on the filesystem, and subscribes its peer to
     * the orderer from where it stopped.
     */
    public static NodeRuntime open(
            DataLayout layout, String organisationId, Orderer orderer, AuthConfig auth, Clock clock) {
        return open(layout, organisationId, orderer, auth, clock, LakeStorage.filesystem(), System::getenv);
    }

    /** As {@link #open(DataLayout, String, Orderer, AuthConfig, Clock)}, with the lake's objects in {@code storage}. */
    public static NodeRuntime open(
            DataLayout layout,
            String organisationId,
            Orderer orderer,
            AuthConfig auth,
            Clock clock,
            LakeStorage storage,
            Function<String, String> environment) {
        return open(layout, organisationId, orderer, auth, clock, LakeSetup.of(storage), environment);
    }

    /**
     * Where a node's lake keeps its objects and how it tags what it ingests.
     *
     * @param storage the object store of the raw, curated, consumer, workspace and analytics zones
     * @param tagMapping the organisation's tagging rules
     * @param extractTimeToLive how long research extracts are kept
     */
    public record LakeSetup(LakeStorage storage, TagMapping tagMapping, Duration extractTimeToLive) {
        /** {@code storage} with the default tag mapping and extract time-to-live. */
        public static LakeSetup of(LakeStorage storage) {
            return new LakeSetup(storage, TagMapping.defaults(), LakeConfig.DEFAULT_EXTRACT_TIME_TO_LIVE);
        }
    }

    /** As {@link #open(DataLayout, String, Orderer, AuthConfig, Clock)}, with the lake set up by {@code lakeSetup}. */
    public static NodeRuntime open(
            DataLayout layout,
            String organisationId,
            Orderer orderer,
            AuthConfig auth,
            Clock clock,
            LakeSetup lakeSetup,
            Function<String, String> environment) {
        LakeStorage storage = lakeSetup.storage();
        NodeKeys keys = NodeKeys.loadOrCreate(layout.keys(organisationId), organisationId);
        LakeConfig lakeConfig = LakeConfig.of(
                        layout.lake(organisationId),
                        organisationId,
                        KeyEncryptionKey.of(keys.keyEncryptionKey()),
                        clock)
                .withExtractTimeToLive(lakeSetup.extractTimeToLive());
        // First, so that an unreachable bucket or missing credentials stop the node before it starts.
        ObjectStore objects = storage.open(lakeConfig.objectsDirectory(), environment);
        Peer peer =
                Peer.open(PeerConfig.of(layout.ledger(organisationId), ConsortiumContracts.all(), new UserProofKeys()));
        Gateway gateway = Gateway.connect(
                peer, orderer, new NodeIdentity(organisationId, keys.node()), clock, Duration.ofSeconds(30));
        orderer.deliver(peer.height(), peer::commit);
        Lake lake = Lake.open(lakeConfig, objects, lakeSetup.tagMapping());
        AccountStore accounts = AccountStore.open(layout.accounts(organisationId));
        PasswordHasher hasher = new PasswordHasher(auth.passwordHashing());
        TokenIssuer issuer =
                new TokenIssuer(organisationId, new TokenKey(keys.tokenKeyId(), keys.token()), clock, auth.tokens());
        InMemoryRevocationList revocations = new InMemoryRevocationList(clock, auth.tokens());
        OidcFederation federation = new OidcFederation(
                new LedgerIdentityProviders(peer.state()),
                new HttpProviderKeys(
                        HttpClient.newBuilder()
                                .connectTimeout(JwksSettings.defaults().timeout())
                                .build(),
                        clock,
                        JwksSettings.defaults()));
        TokenVerifier verifier =
                new TokenVerifier(new LedgerKeyDirectory(peer.state()), revocations, clock, auth.tokens(), federation);
        String name = MembershipContract.organisation(peer.state(), organisationId)
                .map(o -> o.name())
                .orElse(organisationId);
        AuthServices authServices = AuthServices.create(
                accounts, hasher, issuer, revocations, new AuthServices.Settings(auth, name, clock));
        NodeServices services =
                new NodeServices(organisationId, gateway, lake, accounts, authServices, verifier, keys.node(), clock);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lake-sweeper-" + organisationId);
            thread.setDaemon(true);
            return thread;
        });
        // The task catches its own failures, so the future would never hold an exception.
        var unused = sweeper.scheduleWithFixedDelay(
                () -> sweep(lake, clock), SWEEP_INTERVAL.toSeconds(), SWEEP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        return new NodeRuntime(services, peer, hasher, sweeper);
    }

    private static void sweep(Lake lake, Clock clock) {
        try {
            int expired = lake.deliveries().sweep(clock.instant());
            if (expired > 0) {
                LOG.info("Removed {} expired, uncollected records from the consumer zone", expired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Consumer zone sweep failed; retrying at the next interval", e);
        }
        try {
            int expired = lake.extracts().sweep(clock.instant());
            if (expired > 0) {
                LOG.info("Removed {} expired research extracts from the workspace and analytics zones", expired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Research extract sweep failed; retrying at the next interval", e);
        }
    }

    public NodeServices services() {
        return services;
    }

    public Peer peer() {
        return peer;
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    public int start(ServerConfig config) {
        ApiServer started = ApiServer.start(config, services);
        server = Optional.of(started);
        return started.port();
    }

    /** Stops the HTTP server; the stores stay open until {@link #close}. */
    public void stopServer() {
        server.ifPresent(ApiServer::close);
        server = Optional.empty();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        stopServer();
        services.lake().close();
        services.accounts().close();
        peer.close();
    }
}
