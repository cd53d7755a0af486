package io.trustlake.cli;

import io.trustlake.auth.AuthConfig;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.raft.RaftConfig;
import io.trustlake.ledger.raft.RaftOrderer;
import io.trustlake.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustlake node}: runs one organisation's node (Raft peer, ledger peer, lake, API and
 * portal) as its own process, from a configuration written by {@code trustlake init}. A node that
 * was stopped or killed catches up with the others when it starts again.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Run one organisation's node of a consortium created by 'trustlake init'.")
public final class NodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The node's file, e.g. consortium/hosp-es.json.")
    Path config;

    /** A node's Raft peer and runtime, opened but not serving HTTP; the caller closes both. */
    record Opened(RaftOrderer orderer, NodeRuntime runtime) {}

    /** Opens the node of {@code node} (read from {@code file}): its Raft peer, ledger, lake and accounts. */
    static Opened open(NodeConfig node, Path file) {
        DataLayout layout = new DataLayout(file.toAbsolutePath().getParent());
        Clock clock = Clock.systemUTC();
        Transaction founding = GenesisFiles.read(layout.genesisTransaction());
        RaftOrderer orderer = RaftOrderer.open(
                RaftConfig.of(
                                node.consortium(),
                                node.organisation(),
                                node.raft(),
                                layout.orderer(node.organisation()),
                                clock)
                        .withListenPort(node.raftListenPort()),
                List.of(founding));
        try {
            return new Opened(
                    orderer,
                    NodeRuntime.open(
                            layout,
                            node.organisation(),
                            orderer,
                            AuthConfig.defaults(),
                            clock,
                            new NodeRuntime.LakeSetup(
                                    node.lakeStorageOrDefault(),
                                    node.tagMappingOrDefault(file),
                                    node.researchExtractTimeToLiveOrDefault()),
                            System::getenv));
        } catch (RuntimeException e) {
            orderer.close();
            throw e;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig node = NodeConfig.read(config);
        Opened opened = open(node, config);
        RaftOrderer orderer = opened.orderer();
        NodeRuntime runtime = opened.runtime();
        try {
            runtime.start(
                    ServerConfig.defaults(node.port()).withHost(node.host()).withPeerEndpoints(node.endpoints()));
        } catch (RuntimeException e) {
            runtime.close();
            orderer.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            runtime.stopServer();
                            orderer.close();
                            runtime.close();
                            stopped.countDown();
                        },
                        "trustlake-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Node %s of %s is running: %s (Raft peer %s). Stop with Ctrl-C.%n",
                node.organisation(),
                node.consortium(),
                node.endpoints().get(node.organisation()),
                node.raft().stream()
                        .filter(m -> m.id().equals(node.organisation()))
                        .findFirst()
                        .orElseThrow()
                        .address());
        out.flush();
        stopped.await();
        return 0;
    }
}
