package io.trustlake.cli;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.lake.TagMapping;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.raft.RaftConfig;
import io.trustlake.ledger.raft.RaftMember;
import io.trustlake.ledger.raft.RaftOrderer;
import io.trustlake.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole demo consortium in one process: one node per member, each with its own Raft peer
 * (Apache Ratis, on loopback ports), ledger replica, lake, accounts and HTTP server, exactly as
 * separate {@code trustlake node} processes would run. State survives restarts.
 */
public final class Consortium implements AutoCloseable {
    private final ConsortiumConfig config;
    private final DataLayout layout;
    private final Map<String, RaftOrderer> orderers;
    private final Map<String, NodeRuntime> nodes;

    private Consortium(
            ConsortiumConfig config,
            DataLayout layout,
            Map<String, RaftOrderer> orderers,
            Map<String, NodeRuntime> nodes) {
        this.config = config;
        this.layout = layout;
        this.orderers = orderers;
        this.nodes = nodes;
    }

    /** Opens (or founds, on first use) the consortium and waits until every peer has caught up. */
    public static Consortium open(ConsortiumConfig config) {
        DataLayout layout = new DataLayout(config.dataDirectory());
        Map<String, TagMapping> tagMappings = new LinkedHashMap<>();
        DemoConsortium.MEMBERS.forEach(m -> tagMappings.put(m.id(), tagMapping(layout, m.id())));
        Map<String, NodeKeys> keys = new LinkedHashMap<>();
        DemoConsortium.MEMBERS.forEach(m -> keys.put(m.id(), NodeKeys.loadOrCreate(layout.keys(m.id()), m.id())));
        Genesis genesis = DemoConsortium.genesis(keys, config.host(), config.basePort());
        writeGenesisOnce(layout, genesis);
        String founder = DemoConsortium.MEMBERS.get(0).id();
        Transaction founding = GenesisFiles.foundingTransaction(
                layout.genesisTransaction(), genesis, founder, keys.get(founder).node(), config.clock());
        List<RaftMember> members = new ArrayList<>();
        for (int i = 0; i < DemoConsortium.MEMBERS.size(); i++) {
            members.add(new RaftMember(
                    DemoConsortium.MEMBERS.get(i).id(), config.host() + ":" + (config.raftBasePort() + i)));
        }
        Map<String, RaftOrderer> orderers = new LinkedHashMap<>();
        Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
        try {
            for (RaftMember member : members) {
                RaftConfig raft = RaftConfig.of(
                        genesis.consortium(), member.id(), members, layout.orderer(member.id()), config.clock());
                orderers.put(member.id(), RaftOrderer.open(raft, List.of(founding)));
            }
            for (DemoConsortium.Member member : DemoConsortium.MEMBERS) {
                NodeRuntime.LakeSetup lake = new NodeRuntime.LakeSetup(
                        LakeStorage.filesystem(), tagMappings.get(member.id()), config.researchExtractTimeToLive());
                nodes.put(
                        member.id(),
                        NodeRuntime.open(
                                layout,
                                member.id(),
                                orderers.get(member.id()),
                                config.auth(),
                                config.clock(),
                                lake,
                                System::getenv));
            }
        } catch (RuntimeException e) {
            orderers.values().forEach(RaftOrderer::close);
            nodes.values().forEach(NodeRuntime::close);
            throw e;
        }
        Consortium consortium = new Consortium(config, layout, orderers, nodes);
        consortium.awaitSync();
        return consortium;
    }

    /** The default mapping, changed by {@code nodes/<organisation>/tag-mapping.json} when that file exists. */
    private static TagMapping tagMapping(DataLayout layout, String organisationId) {
        Path file = layout.tagMapping(organisationId);
        if (!Files.exists(file)) {
            return TagMapping.defaults();
        }
        try {
            return TagMapping.defaultsWith(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.CONFIGURATION, "cannot read " + file, e);
        } catch (TrustlakeException e) {
            throw new TrustlakeException(
                    ErrorCode.CONFIGURATION, "nodes/" + organisationId + "/tag-mapping.json: " + e.getMessage(), e);
        }
    }

    private static void writeGenesisOnce(DataLayout layout, Genesis genesis) {
        try {
            if (!Files.exists(layout.genesis())) {
                Files.createDirectories(layout.root());
                Files.write(
                        layout.genesis(),
                        Json.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(genesis));
            }
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot write the genesis file", e);
        }
    }

    private void awaitSync() {
        try {
            long height = orderers.values().stream()
                    .mapToLong(RaftOrderer::height)
                    .max()
                    .orElse(0);
            for (NodeRuntime node : nodes.values()) {
                if (!node.peer().awaitHeight(height, Duration.ofSeconds(60))) {
                    throw new TrustlakeException(
                            ErrorCode.LEDGER_UNAVAILABLE, "a peer did not catch up with the ledger");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustlakeException(ErrorCode.LEDGER_UNAVAILABLE, "interrupted while the peers caught up", e);
        }
    }

    public DataLayout layout() {
        return layout;
    }

    public ConsortiumConfig config() {
        return config;
    }

    public NodeRuntime node(String organisationId) {
        NodeRuntime node = nodes.get(organisationId);
        if (node == null) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no node for " + organisationId);
        }
        return node;
    }

    /** The Raft orderer of one organisation's node. */
    public RaftOrderer orderer(String organisationId) {
        node(organisationId);
        return orderers.get(organisationId);
    }

    /** Starts every node's HTTP server; each node reaches the others on their actual ports. */
    public Map<String, String> startServers() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        nodes.keySet().forEach(id -> endpoints.put(id, DemoConsortium.endpoint(config.host(), config.basePort(), id)));
        for (Map.Entry<String, NodeRuntime> node : nodes.entrySet()) {
            int port = Integer.parseInt(endpoints
                    .get(node.getKey())
                    .substring(endpoints.get(node.getKey()).lastIndexOf(':') + 1));
            node.getValue()
                    .start(ServerConfig.defaults(port).withHost(config.host()).withPeerEndpoints(endpoints));
        }
        return endpoints;
    }

    @Override
    public void close() {
        nodes.values().forEach(NodeRuntime::stopServer);
        orderers.values().forEach(RaftOrderer::close);
        nodes.values().forEach(NodeRuntime::close);
    }
}
