package io.trustlake.ledger.gateway;

import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a node's services use the ledger (Fabric's execute → order → validate): a submission is
 * signed by the node, executed against the node's peer first (a contract "no" returns at once and
 * writes nothing), ordered, and returned once the node's own peer has committed it. Thread-safe.
 */
public final class Gateway {
    private final Peer peer;
    private final Orderer orderer;
    private final NodeIdentity identity;
    private final Clock clock;
    private final Duration commitTimeout;
    private final Map<String, CompletableFuture<TxReceipt>> pending = new ConcurrentHashMap<>();

    private Gateway(Peer peer, Orderer orderer, NodeIdentity identity, Clock clock, Duration commitTimeout) {
        this.peer = peer;
        this.orderer = orderer;
        this.identity = identity;
        this.clock = clock;
        this.commitTimeout = commitTimeout;
    }

    public static Gateway connect(
            Peer peer, Orderer orderer, NodeIdentity identity, Clock clock, Duration commitTimeout) {
        Gateway gateway = new Gateway(peer, orderer, identity, clock, commitTimeout);
        peer.addListener((tx, receipt) -> {
            CompletableFuture<TxReceipt> future = gateway.pending.remove(receipt.txId());
            if (future != null) {
                future.complete(receipt);
            }
        });
        return gateway;
    }

    /**
     * Submits {@code payload} (encoded as canonical JSON) as a transaction of {@code type}. Throws
     * {@link LedgerException} {@code LEDGER_UNAVAILABLE} if it cannot be ordered or committed in time.
     */
    public Submission submit(String type, Object payload, Submitter submitter) {
        return submit(type, payload, submitter, Optional.empty());
    }

    /**
     * Submits for a user, who may belong to another organisation: then the node signs as itself
     * ({@code signer}) and the transaction carries the user's {@code ledgerProof}, which every peer
     * checks; without one, such a submission is refused ({@code UNVOUCHED_SUBMITTER}) before it is
     * ordered. For the node's own users the proof is not needed and not written.
     */
    public Submission submit(String type, Object payload, Submitter submitter, Optional<String> ledgerProof) {
        Optional<Transaction.Vouching> vouching = submitter.organisation().equals(identity.organisation())
                ? Optional.empty()
                : Optional.of(new Transaction.Vouching(identity.organisation(), ledgerProof.orElse(null)));
        Transaction tx = Transaction.sign(
                type,
                Json.encodeToString(payload),
                submitter,
                clock.instant(),
                Randomness.token(20),
                vouching,
                identity.signingKey());
        Outcome simulated = peer.simulate(tx);
        if (simulated instanceof Outcome.Rejected rejected) {
            return new Submission.Refused(rejected.code(), rejected.reason(), Optional.empty());
        }
        CompletableFuture<TxReceipt> future = new CompletableFuture<>();
        pending.put(tx.id(), future);
        try {
            orderer.submit(tx);
            TxReceipt receipt = future.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return receipt.valid()
                    ? new Submission.Committed(receipt)
                    : new Submission.Refused(receipt.code(), receipt.reason(), Optional.of(receipt));
        } catch (TimeoutException e) {
            throw new LedgerException(
                    ErrorCode.LEDGER_UNAVAILABLE, "the ledger did not commit the transaction in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "interrupted while waiting for the ledger", e);
        } catch (ExecutionException e) {
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "the ledger failed", e);
        } finally {
            pending.remove(tx.id());
        }
    }

    /** The node's committed world state, for queries. */
    public StateView state() {
        return peer.state();
    }

    public Peer peer() {
        return peer;
    }

    /** The node's part in ordering ({@code solo}, {@code leader}, {@code follower} …). */
    public String ordererRole() {
        return orderer.role();
    }

    public String organisation() {
        return identity.organisation();
    }
}
