package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.trustlake.auth.Principal;
import io.trustlake.auth.TokenCheck;
import io.trustlake.cli.Demo;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.cli.NodeRuntime;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.contracts.access.compiled.RuleIndex;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.contracts.provenance.ProvenanceEntry;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.ErrorMapper;
import io.trustlake.server.records.DisclosureApi;
import io.trustlake.server.records.Federation;
import io.trustlake.server.records.RecordBody;
import io.trustlake.server.records.RecordResult;
import io.trustlake.server.records.RecordService;
import io.trustlake.synthetic.ManifestPatient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The holder's side of fail-closed disclosure: a hospital holding part of a patient's record must
 * record its {@code SELECT} stage on the ledger before its share leaves the node. Here the holder's
 * disclosure endpoint runs against its real peer, lake and accounts but with an orderer that refuses
 * every transaction, then with one that never orders it. The requesting node reports the holder as
 * missing, the assembled record holds nothing of the holder's, and the ledger holds no {@code
 * SELECT} by the holder — while the requester's own share is delivered as usual.
 */
@Timeout(180)
class HolderLedgerRefusalIT {
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
    void aHolderWhoseLedgerRefusesItsSelectStageReleasesNothing() throws Exception {
        Demo.Running running = TestConsortium.get();
        DemoAccount patient = patientOfThisTest(running);
        String requesterId = patient.organisation();
        String holderId = requesterId.equals("hosp-es") ? "hosp-nl" : "hosp-es";
        NodeServices requester = running.consortium().node(requesterId).services();
        NodeRuntime holderNode = running.consortium().node(holderId);
        String token = TestConsortium.client(requesterId).login(patient.username(), patient.password());
        Principal principal = ((TokenCheck.Valid) requester.tokens().verify(token)).principal();

        for (Orderer cutOff : List.of(new RefusingOrderer(), new SilentOrderer())) {
            Javalin holder = startHolderWithLedger(holderNode, cutOff);
            try {
                RecordService records = requesterRoutingTo(requester, holderId, holder.port());

                RecordResult result =
                        records.request(principal, token, patient.patientId(), new RecordBody("PATRQT", List.of()));

                assertThat(result.granted()).isTrue();
                assertThat(result.sources())
                        .filteredOn(source -> source.organisation().equals(holderId))
                        .singleElement()
                        .satisfies(source -> {
                            assertThat(source.status()).isEqualTo("missing");
                            assertThat(source.resources()).isZero();
                            assertThat(source.detail()).contains("503");
                        });
                assertThat(result.sources())
                        .filteredOn(source -> source.organisation().equals(requesterId))
                        .singleElement()
                        .satisfies(source -> assertThat(source.status()).isEqualTo("included"));
                assertThat(provenanceSources(records.take(principal, patient.patientId(), result.requestId())))
                        .containsExactly(requesterId);
                List<ProvenanceEntry> stages =
                        ProvenanceContract.entries(requester.gateway().state(), result.requestId());
                assertThat(stages).extracting(ProvenanceEntry::organisation).doesNotContain(holderId);
                assertThat(stages)
                        .filteredOn(stage -> stage.stage() == ProvenanceContract.Stage.SELECT)
                        .extracting(ProvenanceEntry::organisation)
                        .containsExactly(requesterId);
            } finally {
                holder.stop();
            }
        }
    }

    /** The holder's disclosure endpoint alone, on its real stores but with {@code orderer}. */
    private static Javalin startHolderWithLedger(NodeRuntime holderNode, Orderer orderer) {
        NodeServices real = holderNode.services();
        Gateway gateway = Gateway.connect(
                holderNode.peer(),
                orderer,
                new NodeIdentity(real.organisationId(), real.nodeKey()),
                real.clock(),
                Duration.ofSeconds(2));
        NodeServices cut = new NodeServices(
                real.organisationId(),
                gateway,
                real.lake(),
                real.accounts(),
                real.auth(),
                real.tokens(),
                real.nodeKey(),
                real.clock());
        DisclosureApi disclosures = new DisclosureApi(
                cut,
                new Authentication(
                        real.tokens(),
                        new io.trustlake.server.LedgerKeyDirectory(
                                holderNode.peer().state()),
                        real.auth().events(),
                        real.clock()),
                Duration.ofSeconds(10),
                RuleIndex.over(holderNode.peer().state()));
        return Javalin.create(javalin -> {
                    ErrorMapper.install(javalin);
                    javalin.routes.post(Federation.PATH, disclosures::disclose);
                })
                .start("127.0.0.1", 0);
    }

    /** The requester's record service, reaching the holder at {@code port} instead of its usual address. */
    private static RecordService requesterRoutingTo(NodeServices requester, String holderId, int port) {
        Map<String, String> endpoints =
                new java.util.HashMap<>(TestConsortium.get().endpoints());
        endpoints.put(holderId, "http://127.0.0.1:" + port);
        return new RecordService(
                requester,
                new Federation(
                        requester.organisationId(),
                        requester.nodeKey(),
                        HttpClient.newHttpClient(),
                        requester.clock(),
                        Duration.ofSeconds(20)),
                ServerConfig.defaults(0).withPeerEndpoints(endpoints));
    }

    /** The organisations named by the Provenance resources of a delivered Bundle. */
    private static List<String> provenanceSources(byte[] bundle) {
        List<String> sources = new ArrayList<>();
        for (JsonNode entry : Json.tree(bundle).path("entry")) {
            JsonNode resource = entry.path("resource");
            if (resource.path("resourceType").asText().equals("Provenance")) {
                resource.path("agent").forEach(agent -> {
                    String reference = agent.at("/who/reference").asText();
                    if (reference.startsWith("Organization/")) {
                        sources.add(reference.substring("Organization/".length()));
                    }
                });
            }
        }
        return sources;
    }

    /**
     * A patient with data at both hospitals, other than the first such one (which the walking
     * skeleton, JWE and federation tests share) and the last patient (the verifiable-log test's).
     */
    private static DemoAccount patientOfThisTest(Demo.Running running) {
        List<String> shared = running.manifest().patients().stream()
                .filter(p -> p.hospitals().size() > 1)
                .map(ManifestPatient::patientId)
                .toList();
        List<DemoAccount> patients = TestConsortium.patients();
        String first = TestConsortium.patientAtBothHospitals().patientId();
        String last = patients.get(patients.size() - 1).patientId();
        List<DemoAccount> candidates = patients.stream()
                .filter(p -> shared.contains(p.patientId()))
                .filter(p -> !p.patientId().equals(first) && !p.patientId().equals(last))
                .toList();
        return candidates.isEmpty() ? TestConsortium.patientAtBothHospitals() : candidates.get(candidates.size() - 1);
    }
}
