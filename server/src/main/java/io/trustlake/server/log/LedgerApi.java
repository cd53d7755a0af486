package io.trustlake.server.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.core.LogTree;
import io.trustlake.ledger.core.MerkleLog;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The verifiable log over HTTP: cosigned checkpoints, RFC 9162 inclusion and consistency proofs,
 * and the entries themselves. Checkpoints and proofs carry only hashes, so any signed-in user may
 * fetch them; an entry reveals its transaction, so patients may read only entries about
 * themselves, professionals and researchers only their own, admins and auditors every entry.
 */
public final class LedgerApi {
    private final LogReader log;
    private final Witnesses witnesses;
    private final Authentication authentication;

    public LedgerApi(LogReader log, Witnesses witnesses, Authentication authentication) {
        this.log = log;
        this.witnesses = witnesses;
        this.authentication = authentication;
    }

    /** An inclusion proof: sibling hashes (hex), leaf side first, and the tree head it folds to. */
    public record InclusionProof(long index, long size, String leafHash, String root, List<String> proof) {}

    /** A consistency proof between two sizes, with the tree head at each. */
    public record ConsistencyProof(long from, long to, String fromRoot, String toRoot, List<String> proof) {}

    /** An entry: its exact bytes (base64url), their leaf hash, the decoded transaction and its outcome. */
    public record Entry(
            long index,
            long blockNumber,
            String leafHash,
            String entry,
            Transaction transaction,
            String outcome,
            String code) {}

    public void checkpoint(Context ctx) {
        authentication.require(ctx);
        if (log.size() == 0) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "the log is empty");
        }
        Responses.ok(ctx, witnesses.current());
    }

    public void inclusion(Context ctx) {
        authentication.require(ctx);
        long current = log.size();
        long index = number(ctx, "index", Optional.empty());
        long size = number(ctx, "size", Optional.of(current));
        requireWithinLog(size, current, "size");
        if (index >= size) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "index must be below size (" + size + ")");
        }
        LogTree tree = log.tree();
        byte[] leaf = tree.leafHash(index);
        Responses.ok(
                ctx,
                new InclusionProof(
                        index,
                        size,
                        Hex.encode(leaf),
                        Hex.encode(tree.root(size)),
                        hex(tree.inclusionProof(index, size))));
    }

    public void consistency(Context ctx) {
        authentication.require(ctx);
        long current = log.size();
        long from = number(ctx, "from", Optional.empty());
        long to = number(ctx, "to", Optional.of(current));
        requireWithinLog(to, current, "to");
        if (from < 1 || from > to) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "from must be at least 1 and at most to (" + to + ")");
        }
        LogTree tree = log.tree();
        Responses.ok(
                ctx,
                new ConsistencyProof(
                        from,
                        to,
                        Hex.encode(tree.root(from)),
                        Hex.encode(tree.root(to)),
                        hex(tree.consistencyProof(from, to))));
    }

    public void entry(Context ctx) {
        Principal principal = authentication.require(ctx);
        long index = parse(ctx.pathParam("index"), "index");
        if (index >= log.size()) {
            throw new TrustlakeException(
                    ErrorCode.NOT_FOUND, "the log has " + log.size() + " entries; there is no entry " + index);
        }
        LogReader.Entry found = log.entry(index)
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "there is no entry " + index));
        if (!mayRead(principal, found.transaction())) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "this entry is about someone else");
        }
        byte[] bytes = found.transaction().entryBytes();
        Optional<TxReceipt> receipt = found.receipt();
        Responses.ok(
                ctx,
                new Entry(
                        index,
                        found.blockNumber(),
                        Hex.encode(MerkleLog.leafHash(bytes)),
                        Base64Url.encode(bytes),
                        found.transaction(),
                        receipt.map(r -> r.valid() ? "VALID" : "INVALID").orElse("INVALID"),
                        receipt.map(TxReceipt::code).orElse("DUPLICATE")));
    }

    /** Who may read an entry's content (see the class comment). */
    static boolean mayRead(Principal principal, Transaction tx) {
        if (principal.role() == Role.ADMIN || principal.role() == Role.AUDITOR) {
            return true;
        }
        if (tx.submitter().userId().equals(principal.userId())) {
            return true;
        }
        return principal.role() == Role.PATIENT
                && principal
                        .patientId()
                        .map(id -> id.equals(payloadPatient(tx)))
                        .orElse(false);
    }

    private static String payloadPatient(Transaction tx) {
        try {
            JsonNode payload = Json.tree(tx.payload().getBytes(StandardCharsets.UTF_8));
            return payload.path("patientId").asText("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static long number(Context ctx, String name, Optional<Long> fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback.orElseThrow(() ->
                    new TrustlakeException(ErrorCode.BAD_REQUEST, "the query parameter " + name + " is required"));
        }
        return parse(text, name);
    }

    private static long parse(String text, String name) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, name + " must be a whole number of at least 0");
        }
    }

    private static void requireWithinLog(long size, long current, String name) {
        if (size > current) {
            throw new TrustlakeException(
                    ErrorCode.NOT_FOUND, name + " " + size + " is beyond the log, which has " + current + " entries");
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Hex::encode).toList();
    }
}
