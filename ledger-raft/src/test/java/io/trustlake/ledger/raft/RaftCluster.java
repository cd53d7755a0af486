package io.trustlake.ledger.raft;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.ledger.KeyValueContract;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Three organisations in one JVM, each with a Raft orderer, a peer and a gateway. */
final class RaftCluster implements AutoCloseable {
    static final List<String> ORGS = List.of("org-a", "org-b", "org-c");
    static final Map<String, Ed25519.KeyPair> KEYS = new LinkedHashMap<>();

    static {
        ORGS.forEach(org -> KEYS.put(org, Ed25519.generate()));
    }

    final Path root;
    final List<RaftMember> members = new ArrayList<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Transaction genesis;
    final long snapshotEvery;
    final Clock clock = Clock.systemUTC();

    /** One organisation's orderer, peer and gateway. */
    record Node(RaftOrderer orderer, Peer peer, Gateway gateway) implements AutoCloseable {
        @Override
        public void close() {
            orderer.close();
            peer.close();
        }
    }

    RaftCluster(Path root, long snapshotEvery) {
        this.root = root;
        this.snapshotEvery = snapshotEvery;
        int base = FreePorts.consecutive(ORGS.size());
        for (int i = 0; i < ORGS.size(); i++) {
            members.add(new RaftMember(ORGS.get(i), "127.0.0.1:" + (base + i)));
        }
        genesis = Transaction.sign(
                "kv.put",
                "{\"key\":\"genesis\",\"value\":\"1\"}",
                Submitter.node("org-a"),
                clock.instant(),
                "genesis",
                KEYS.get("org-a"));
    }

    static SubmitterKeys keys() {
        return (tx, state) ->
                Optional.ofNullable(KEYS.get(tx.signingOrganisation())).map(Ed25519.KeyPair::publicKey);
    }

    RaftCluster startAll() {
        ORGS.forEach(this::start);
        return this;
    }

    Node start(String org) {
        RaftConfig config = RaftConfig.of(
                        "test-consortium", org, members, root.resolve(org).resolve("orderer"), clock)
                .withCompaction(snapshotEvery, snapshotEvery < 100 ? 4096 : 4L << 20);
        RaftOrderer orderer = RaftOrderer.open(config, List.of(genesis));
        Peer peer = Peer.open(PeerConfig.of(
                root.resolve(org).resolve("peer"), Contracts.of(List.of(new KeyValueContract())), keys()));
        Gateway gateway =
                Gateway.connect(peer, orderer, new NodeIdentity(org, KEYS.get(org)), clock, Duration.ofSeconds(30));
        orderer.deliver(peer.height(), peer::commit);
        Node node = new Node(orderer, peer, gateway);
        nodes.put(org, node);
        return node;
    }

    void stop(String org) {
        nodes.remove(org).close();
    }

    Node node(String org) {
        return nodes.get(org);
    }

    @Override
    public void close() {
        nodes.values().forEach(Node::close);
        nodes.clear();
    }
}
