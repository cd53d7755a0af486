package io.trustlake.server;

import io.trustlake.auth.LedgerProofs;
import io.trustlake.auth.TokenCheck;
import io.trustlake.contracts.membership.MembershipKeys;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.server.api.Submitters;
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
        // The proof must speak for exactly the submitter: user, organisation, role, patient, departments.
        return check instanceof TokenCheck.Valid valid
                && Submitters.of(valid.principal()).equals(transaction.submitter());
    }
}
