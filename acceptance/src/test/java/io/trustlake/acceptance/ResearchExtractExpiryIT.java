package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.trustlake.cli.NodeRuntime;
import io.trustlake.common.id.Ids;
import io.trustlake.lake.FileSystemObjectStore;
import io.trustlake.lake.KeyEncryptionKey;
import io.trustlake.lake.Lake;
import io.trustlake.lake.LakeConfig;
import io.trustlake.lake.ResearchExtracts;
import io.trustlake.lake.TagMapping;
import io.trustlake.lake.Zone;
import io.trustlake.server.NodeServices;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.ErrorMapper;
import io.trustlake.server.research.ResearchExtractsApi;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over HTTP, a research extract past its time-to-live answers 410 with a plain message, is no longer
 * listed, and its files are gone once swept. The extracts API runs on hosp-es's real ledger, accounts
 * and tokens, over a lake whose clock the test moves.
 */
@Timeout(180)
class ResearchExtractExpiryIT {
    private static final String EXTRACTS = "/api/v1/research/extracts";

    @TempDir
    Path root;

    /** A clock that the test moves by hand. */
    @Test
    void anExpiredExtractAnswers410AndIsSweptAway() {
        NodeRuntime spain = TestConsortium.get().consortium().node("hosp-es");
        NodeServices real = spain.services();
        MutableClock clock = new MutableClock(Instant.now());
        LakeConfig config = LakeConfig.of(root, "hosp-es", KeyEncryptionKey.generate(), clock)
                .withExtractTimeToLive(Duration.ofHours(24));
        try (Lake lake =
                Lake.open(config, FileSystemObjectStore.open(config.objectsDirectory()), TagMapping.defaults())) {
            ResearchExtracts.Manifest manifest = lake.extracts()
                    .build(
                            new ResearchExtracts.Request(
                                    Ids.newRequestId(),
                                    Zone.ANALYTICS,
                                    "research-se:dr.lindqvist",
                                    "research-se",
                                    List.of(),
                                    List.of(Ids.newRequestId())),
                            List.of());
            NodeServices services = new NodeServices(
                    real.organisationId(),
                    real.gateway(),
                    lake,
                    real.accounts(),
                    real.auth(),
                    real.tokens(),
                    real.nodeKey(),
                    real.clock());
            ResearchExtractsApi api = new ResearchExtractsApi(
                    services,
                    new Authentication(
                            real.tokens(),
                            new io.trustlake.server.LedgerKeyDirectory(
                                    real.gateway().state()),
                            real.auth().events(),
                            real.clock()));
            Javalin server = Javalin.create(javalin -> {
                        ErrorMapper.install(javalin);
                        api.route(javalin);
                    })
                    .start("127.0.0.1", 0);
            try {
                ApiClient client = new ApiClient("http://127.0.0.1:" + server.port());
                String researcher = TestConsortium.client("research-se")
                        .login(
                                "dr.lindqvist",
                                TestConsortium.account("research-se", "dr.lindqvist")
                                        .password());
                String path = EXTRACTS + "/" + manifest.extractId();

                ApiClient.Response live = client.get(path, Optional.of(researcher));
                assertThat(live.status()).as(live.body()).isEqualTo(200);
                assertThat(Instant.parse(live.json().path("expiresAt").asText()))
                        .isEqualTo(manifest.createdAt().plus(Duration.ofHours(24)));

                clock.advance(Duration.ofHours(24));
                ApiClient.Response gone = client.get(path, Optional.of(researcher));

                assertThat(gone.status()).isEqualTo(410);
                assertThat(gone.json().path("error").asText()).isEqualTo("GONE");
                assertThat(gone.json().path("message").asText())
                        .isEqualTo("this research extract expired at " + manifest.expiresAt()
                                + " and its files were deleted; log research access again to build a new one");
                assertThat(client.get(EXTRACTS, Optional.of(researcher)).json().path("extracts"))
                        .isEmpty();

                assertThat(lake.extracts().sweep(clock.instant())).isEqualTo(1);
                assertThat(client.get(path, Optional.of(researcher)).status()).isEqualTo(410);
                assertThat(client.get(EXTRACTS + "/" + Ids.newRequestId(), Optional.of(researcher))
                                .status())
                        .isEqualTo(404);
                assertThat(FileSystemObjectStore.open(config.objectsDirectory())
                                .list("analytics/" + manifest.extractId() + "/"))
                        .extracting(key -> key.name())
                        .containsExactly("ended.json");
            } finally {
                server.stop();
            }
        }
    }
}
