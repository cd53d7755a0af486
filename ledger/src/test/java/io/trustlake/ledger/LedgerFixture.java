package io.trustlake.ledger;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.ledger.solo.SoloConfig;
import io.trustlake.ledger.solo.SoloOrderer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One solo orderer and one peer with the key-value contract, in a temp directory. */
final class LedgerFixture implements AutoCloseable {
    static final Ed25519.KeyPair ORG_KEY = Ed25519.generate();
    static final Submitter ALICE = new Submitter("org-a:alice", "org-a", "PATIENT", "", List.of());

    final SoloOrderer orderer;
    final Peer peer;
    final Gateway gateway;

    private LedgerFixture(SoloOrderer orderer, Peer peer, Gateway gateway) {
        this.orderer = orderer;
        this.peer = peer;
        this.gateway = gateway;
    }

    static SubmitterKeys keys() {
        Map<String, byte[]> keys = Map.of("org-a", ORG_KEY.publicKey());
        return (tx, state) -> Optional.ofNullable(keys.get(tx.signingOrganisation()));
    }

    static LedgerFixture start(Path dir) {
        return start(dir, keys());
    }

    static LedgerFixture start(Path dir, SubmitterKeys keys) {
        Clock clock = Clock.systemUTC();
        Transaction genesis = Transaction.sign(
                "kv.put",
                "{\"key\":\"genesis\",\"value\":\"1\"}",
                Submitter.node("org-a"),
                clock.instant(),
                "g",
                ORG_KEY);
        SoloOrderer orderer = SoloOrderer.open(SoloConfig.of(dir.resolve("orderer"), clock), List.of(genesis));
        Peer peer = Peer.open(PeerConfig.of(dir.resolve("peer"), Contracts.of(List.of(new KeyValueContract())), keys));
        Gateway gateway =
                Gateway.connect(peer, orderer, new NodeIdentity("org-a", ORG_KEY), clock, Duration.ofSeconds(10));
        orderer.deliver(peer.height(), peer::commit);
        // Tests start once the genesis block is committed, so heights they read do not move under them.
        try {
            if (!peer.awaitHeight(1, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the genesis block was not committed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new LedgerFixture(orderer, peer, gateway);
    }

    @Override
    public void close() {
        orderer.close();
        peer.close();
    }
}
