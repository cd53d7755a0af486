package io.trustlake.server;

import io.trustlake.auth.LedgerProofs;
import io.trustlake.auth.Principal;
import io.trustlake.auth.TokenCheck;
import io.trustlake.contracts.membership.MembershipKeys;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import java.util.Optional;

/**
 * The envelope facts every peer of the consortium checks: node keys from the membership state, and
 * the users' {@linkplain LedgerProofs ledger proofs} for transactions another organisation's node
 * signed for them, checked against the token keys in the same state at the transaction's time.
 * Stateless and thread-safe.
 */
public final class UserProofKeys implements SubmitterKeys {
    private final MembershipKeys membership = new MembershipKeys();

    @Override
    public Optional<byte[]> nodeKey(Transaction transaction, StateView state) {
        return membership.nodeKey(transaction, state);
    }

    @Override
    public boolean vouches(Transaction transaction, StateView state) {
        if (transaction.proof() == null) {
            return false;
        }
        TokenCheck check =
                LedgerProofs.check(transaction.proof(), new LedgerKeyDirectory(state), transaction.timestamp());
        return check instanceof TokenCheck.Valid valid && speaksFor(valid.principal(), transaction.submitter());
    }

    private static boolean speaksFor(Principal proof, Submitter submitter) {
        return proof.userId().equals(submitter.userId())
                && proof.organisationId().equals(submitter.organisation())
                && proof.role().name().equals(submitter.role())
                && proof.patientIdOrEmpty().equals(submitter.patientId())
                && proof.departments().equals(submitter.departments());
    }
}
