package io.trustlake.cli;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * The founding transaction of a consortium, signed once by the founder's node key and kept in a
 * file, so that every node (in one process or many) cuts the very same block 0.
 */
final class GenesisFiles {
    private GenesisFiles() {}

    /** Reads the founding transaction from {@code file}, or signs and writes it there on first use. */
    static Transaction foundingTransaction(
            Path file, Genesis genesis, String founder, Ed25519.KeyPair founderKey, Clock clock) {
        if (Files.exists(file)) {
            return read(file);
        }
        Transaction founding = Transaction.sign(
                MembershipContract.GENESIS,
                Json.encodeToString(genesis),
                Submitter.node(founder),
                clock.instant(),
                "genesis",
                founderKey);
        write(file, Json.encode(founding));
        return founding;
    }

    static Transaction read(Path file) {
        try {
            return Json.parseInput(Files.readAllBytes(file), Transaction.class);
        } catch (IOException | RuntimeException e) {
            throw new TrustlakeException(
                    ErrorCode.CONFIGURATION, "cannot read the founding transaction " + file.getFileName(), e);
        }
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot write " + file.getFileName(), e);
        }
    }
}
