package io.trustlake.cli;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.core.ChainVerifier;
import io.trustlake.ledger.store.LedgerStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trustlake verify}: checks stored ledgers offline and names the first bad block. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Check every node's stored ledger offline (hash chain, data hashes, Merkle roots). Exits 3 on tampering.")
public final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            description = "The data directory of a stopped consortium (default: ${DEFAULT-VALUE}).",
            defaultValue = "trustlake-data")
    Path data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataLayout layout = new DataLayout(data.toAbsolutePath());
        if (DemoConsortium.MEMBERS.stream().noneMatch(m -> Files.isDirectory(layout.blockLog(m.id())))) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no ledger under " + data);
        }
        boolean intact = true;
        for (DemoConsortium.Member member : DemoConsortium.MEMBERS) {
            if (Files.isDirectory(layout.blockLog(member.id()))) {
                intact &= check(out, member.id() + " (ordered)", layout.blockLog(member.id()));
            }
            Path ledger = layout.ledger(member.id());
            if (Files.isDirectory(ledger)) {
                intact &= check(out, member.id(), ledger);
            }
        }
        out.flush();
        return intact ? 0 : 3;
    }

    private static boolean check(PrintWriter out, String name, Path directory) {
        try (LedgerStore store = LedgerStore.open(directory)) {
            ChainVerifier.Report report = ChainVerifier.verify(store);
            if (report.intact()) {
                out.printf(
                        "%-12s intact: %d blocks, log size %d%n",
                        name, report.blocksChecked(), store.head().logSize());
            } else {
                out.printf(
                        "%-12s TAMPERED: first bad block %d: %s%n",
                        name, report.firstBadBlock().orElse(-1L), report.problem());
            }
            return report.intact();
        }
    }
}
