package io.trustlake.ledger.core;

import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.store.StagedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a block's transactions, in order, to a staging of the state before the block: the
 * envelope checks (member organisation, node signature, the user's proof when another organisation's
 * node signed, timestamp, uniqueness), then the contract.
 * Deterministic: a peer committing a block and the offline verifier replaying it get the same
 * receipts and writes. Stateless and thread-safe; the staging passed in is not.
 */
public final class BlockExecutor {
    private final PeerConfig config;
    private final SignatureCheck signatures;

    public BlockExecutor(PeerConfig config) {
        this(config, SignatureCheck.DIRECT);
    }

    public BlockExecutor(PeerConfig config, SignatureCheck signatures) {
        this.config = config;
        this.signatures = signatures;
    }

    /**
     * Answers the costly per-transaction questions — its id, whether its signature verifies under
     * a key — possibly from work done earlier (in parallel, by the offline verifier).
     */
    public interface SignatureCheck {
        SignatureCheck DIRECT = new SignatureCheck() {};

        default boolean valid(Transaction transaction, byte[] publicKey) {
            return transaction.signatureValidFor(publicKey);
        }

        default String id(Transaction transaction) {
            return transaction.id();
        }
    }

    /** Executes every transaction of {@code block}; valid ones leave their writes in {@code blockState}. */
    public List<TxReceipt> execute(Block block, StagedState blockState) {
        List<TxReceipt> receipts = new ArrayList<>();
        for (int i = 0; i < block.transactions().size(); i++) {
            receipts.add(apply(block, i, block.header().firstIndex() + i, blockState));
        }
        return receipts;
    }

    /** Executes one transaction against {@code state} without keeping anything. */
    public Outcome simulate(Transaction transaction, StateView state, long logSize, long height) {
        StagedState staging = new StagedState(state);
        Optional<String> invalid = checkEnvelope(transaction, transaction.id(), staging, transaction.timestamp());
        if (invalid.isPresent()) {
            return Outcome.rejected(invalid.get(), "transaction envelope is invalid");
        }
        return config.contracts().execute(new TransactionContext(transaction, staging, logSize, height));
    }

    public Contracts contracts() {
        return config.contracts();
    }

    private TxReceipt apply(Block block, int index, long logIndex, StagedState blockState) {
        Transaction tx = block.transactions().get(index);
        String txId = signatures.id(tx);
        Optional<String> invalid =
                checkEnvelope(tx, txId, blockState, block.header().timestamp());
        if (invalid.isPresent()) {
            return TxReceipt.invalid(
                    txId, block.number(), index, logIndex, invalid.get(), envelopeReason(invalid.get()));
        }
        StagedState txState = new StagedState(blockState);
        Outcome outcome = config.contracts().execute(new TransactionContext(tx, txState, logIndex, block.number()));
        if (outcome instanceof Outcome.Rejected rejected) {
            return TxReceipt.invalid(txId, block.number(), index, logIndex, rejected.code(), rejected.reason());
        }
        txState.put("tx/" + txId, new byte[] {1});
        txState.mergeInto(blockState);
        return TxReceipt.valid(txId, block.number(), index, logIndex, ((Outcome.Applied) outcome).result());
    }

    private Optional<String> checkEnvelope(Transaction tx, String txId, StateView state, Instant blockTime) {
        Optional<byte[]> key = config.keys().nodeKey(tx, state);
        if (key.isEmpty()) {
            return Optional.of("UNKNOWN_ORGANISATION");
        }
        if (!signatures.valid(tx, key.get())) {
            return Optional.of("BAD_SIGNATURE");
        }
        if (tx.signedForAnotherOrganisation()
                && (tx.proof() == null
                        || Submitter.NODE_ROLE.equals(tx.submitter().role())
                        || !config.keys().vouches(tx, state))) {
            return Optional.of("UNVOUCHED_SUBMITTER");
        }
        if (Duration.between(tx.timestamp(), blockTime).abs().compareTo(config.maxTimestampSkew()) > 0) {
            return Optional.of("STALE_TIMESTAMP");
        }
        if (state.get("tx/" + txId).isPresent()) {
            return Optional.of("DUPLICATE");
        }
        return Optional.empty();
    }

    private static String envelopeReason(String code) {
        return switch (code) {
            case "UNKNOWN_ORGANISATION" -> "the submitting organisation is not a member";
            case "BAD_SIGNATURE" -> "the node signature does not verify";
            case "UNVOUCHED_SUBMITTER" ->
                "another organisation's node signed without a valid ledger proof from the user";
            case "STALE_TIMESTAMP" -> "the transaction time is too far from the block time";
            default -> "the transaction was already committed";
        };
    }
}
