package io.trustlake.cli;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.ConsortiumContracts;
import io.trustlake.ledger.core.ChainVerifier;
import io.trustlake.ledger.core.LedgerVerifier;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.store.LedgerStore;
import io.trustlake.server.UserProofKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustlake verify}: checks stored ledgers offline and names the first bad block. Each
 * node's ledger gets the full check (hash chain, Merkle roots and log index, every node signature,
 * a replay of the contracts from genesis compared with the stored receipts and world state); a
 * solo orderer's block log gets the chain checks.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check every node's stored ledger offline: hash chain, Merkle roots, signatures, and a replay of"
                + " the contracts against the stored state. Exits 3 on tampering.")
public final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            description = "The data directory of a stopped consortium or node (default: ${DEFAULT-VALUE}).",
            defaultValue = "trustlake-data")
    Path data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataLayout layout = new DataLayout(data.toAbsolutePath());
        List<String> nodes = nodes(layout);
        if (nodes.stream().noneMatch(n -> isStore(layout.blockLog(n)) || isStore(layout.ledger(n)))) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no ledger under " + data);
        }
        boolean intact = true;
        for (String node : nodes) {
            if (isStore(layout.blockLog(node))) {
                intact &= checkChain(out, node + " (ordered)", layout.blockLog(node));
            }
            if (isStore(layout.ledger(node))) {
                intact &= checkNode(out, node, layout.ledger(node));
            }
        }
        out.flush();
        return intact ? 0 : 3;
    }

    /** The organisations with a directory under {@code nodes/}, in order. */
    private static List<String> nodes(DataLayout layout) {
        Path nodes = layout.root().resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(nodes)) {
            return children.filter(Files::isDirectory)
                    .map(node -> node.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot list the nodes under the data directory");
        }
    }

    private static boolean isStore(Path directory) {
        return Files.isRegularFile(directory.resolve("CURRENT"));
    }

    private static boolean checkChain(PrintWriter out, String name, Path directory) {
        try (LedgerStore store = LedgerStore.open(directory)) {
            ChainVerifier.Report report = ChainVerifier.verify(store);
            if (report.intact()) {
                out.printf(
                        "%-12s intact: %d blocks, log size %d%n",
                        name, report.blocksChecked(), store.head().logSize());
            } else {
                tampered(out, name, report.firstBadBlock().orElse(-1L), report.problem());
            }
            return report.intact();
        }
    }

    private static boolean checkNode(PrintWriter out, String name, Path directory) {
        PeerConfig config = PeerConfig.of(directory, ConsortiumContracts.all(), new UserProofKeys());
        try (LedgerStore store = LedgerStore.open(directory)) {
            long started = System.nanoTime();
            LedgerVerifier.Report report = new LedgerVerifier(config).verify(store);
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            if (report.intact()) {
                out.printf(
                        "%-12s intact: %d blocks, %d transactions replayed and signatures checked, log size %d,"
                                + " state matches (%.0f tx/s)%n",
                        name,
                        report.blocksChecked(),
                        report.transactions(),
                        store.head().logSize(),
                        report.transactions() / seconds);
            } else {
                tampered(out, name, report.firstBadBlock().orElse(-1L), report.problem());
            }
            return report.intact();
        }
    }

    private static void tampered(PrintWriter out, String name, long block, String problem) {
        out.printf("%-12s TAMPERED: first bad block %d: %s%n", name, block, problem);
    }
}
