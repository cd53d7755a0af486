package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.auth.Principal;
import io.trustlake.auth.TokenCheck;
import io.trustlake.cli.Demo;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.cli.NodeRuntime;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.records.Federation;
import io.trustlake.server.records.RecordBody;
import io.trustlake.server.records.RecordService;
import io.trustlake.synthetic.ManifestPatient;
import io.trustlake.testkit.ApiClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The access-log entry must be committed before any data leaves the node: hosp-es's record service
 * is run against its real peer, lake and accounts but with an orderer that refuses every
 * transaction, then with one that never orders it (the ledger is unreachable). The request fails
 * with a clear error, nothing is logged, and nothing reaches the curated or consumer zones, while
 * the same request through the node's real ledger succeeds.
 */
@Timeout(180)
class LedgerRefusalIT {
    /** Refuses every transaction, as an orderer that cannot accept one does. */
    private static final class RefusingOrderer implements Orderer {
        @Override
        public void submit(Transaction transaction) {
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "the orderer refused the transaction");
        }

        @Override
        public void deliver(long fromBlock, BlockSink sink) {}

        @Override
        public void close() {}
    }

    /** Accepts transactions and never orders them: the ledger is cut off. */
    private static final class SilentOrderer implements Orderer {
        @Override
        public void submit(Transaction transaction) {}

        @Override
        public void deliver(long fromBlock, BlockSink sink) {}

        @Override
        public void close() {}
    }

    @Test
    void whenTheLedgerRefusesOrCannotBeReachedTheRequestFailsAndNoDataLeavesTheNode() throws IOException {
        Demo.Running running = TestConsortium.get();
        NodeRuntime spainNode = running.consortium().node("hosp-es");
        NodeServices services = spainNode.services();
        ApiClient spain = TestConsortium.client("hosp-es");
        DemoAccount patient = patientOfThisTest(running);
        ApiClient patientNode = TestConsortium.client(patient.organisation());
        String patientToken = patientNode.login(patient.username(), patient.password());
        ApiClient.Response rule = patientNode.post(
                "/api/v1/patients/" + patient.patientId() + "/rules",
                Map.of(
                        "grantee",
                        Map.of("type", "professional", "id", "hosp-es:nurse.sanchez"),
                        "tags",
                        List.of("allergies", "conditions"),
                        "effect",
                        "allow",
                        "validFrom",
                        "2020-01-01T00:00:00Z",
                        "validUntil",
                        "2099-01-01T00:00:00Z"),
                Optional.of(patientToken));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        String nurseToken = spain.login(
                "nurse.sanchez",
                TestConsortium.account("hosp-es", "nurse.sanchez").password());
        TokenCheck nurseCheck = services.tokens().verify(nurseToken);
        assertThat(nurseCheck).isInstanceOf(TokenCheck.Valid.class);
        Principal nurse = ((TokenCheck.Valid) nurseCheck).principal();
        RecordBody body = new RecordBody("TREAT", List.of());

        ApiClient.Response control = spain.post(
                "/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(nurseToken));
        assertThat(control.status()).as(control.body()).isEqualTo(201);
        Path objects = running.consortium().layout().lake("hosp-es").resolve("objects");
        assertThat(objects.resolve("consumer")).isDirectory();

        for (Orderer cutOff : List.of(new RefusingOrderer(), new SilentOrderer())) {
            Gateway gateway = Gateway.connect(
                    spainNode.peer(),
                    cutOff,
                    new NodeIdentity("hosp-es", services.nodeKey()),
                    services.clock(),
                    Duration.ofSeconds(2));
            NodeServices cut = new NodeServices(
                    services.organisationId(),
                    gateway,
                    services.lake(),
                    services.accounts(),
                    services.auth(),
                    services.tokens(),
                    services.nodeKey(),
                    services.clock());
            RecordService records = new RecordService(
                    cut,
                    new Federation(
                            "hosp-es",
                            services.nodeKey(),
                            HttpClient.newHttpClient(),
                            services.clock(),
                            Duration.ofSeconds(5)),
                    ServerConfig.defaults(0));
            int logged = AccessLogContract.entries(services.gateway().state(), patient.patientId())
                    .size();
            List<Path> consumerBefore = files(objects.resolve("consumer"));

            assertThatThrownBy(() -> records.request(nurse, nurseToken, patient.patientId(), body))
                    .isInstanceOfSatisfying(TrustlakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
                        assertThat(e.getMessage())
                                .contains("the ledger did not record this access, so no data was released");
                    });

            assertThat(AccessLogContract.entries(services.gateway().state(), patient.patientId()))
                    .hasSize(logged);
            assertThat(files(objects.resolve("consumer"))).containsExactlyInAnyOrderElementsOf(consumerBefore);
            assertThat(files(objects.resolve("curated"))).isEmpty();
        }
    }

    private static DemoAccount patientOfThisTest(Demo.Running running) {
        List<String> atSpain = running.manifest().patients().stream()
                .filter(p -> p.hospitals().contains("hosp-es"))
                .map(ManifestPatient::patientId)
                .toList();
        List<DemoAccount> candidates = TestConsortium.patients().stream()
                .filter(p -> atSpain.contains(p.patientId()))
                .toList();
        return candidates.get(candidates.size() - 1);
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.toList();
        }
    }
}
