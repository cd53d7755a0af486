package io.trustlake.contracts.membership;

import io.trustlake.common.crypto.Hex;
import io.trustlake.contracts.Payloads;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Transaction;
import java.util.Optional;

/**
 * Node keys from the membership state (the signing organisation's; no user proofs — see the
 * server's {@code UserProofKeys} for those). Before the consortium exists, the genesis transaction is
 * checked against the key its own payload declares for the submitting organisation; the genesis is
 * trusted because every node is configured with the same genesis file.
 */
public final class MembershipKeys implements SubmitterKeys {
    @Override
    public Optional<byte[]> nodeKey(Transaction transaction, StateView state) {
        String organisation = transaction.signingOrganisation();
        Optional<Organisation> member = MembershipContract.organisation(state, organisation);
        if (member.isPresent()) {
            return decode(member.get().nodeKey());
        }
        if (transaction.type().equals(MembershipContract.GENESIS)
                && MembershipContract.organisations(state).isEmpty()) {
            try {
                return Payloads.decode(transaction.payload(), Genesis.class).organisations().stream()
                        .filter(o -> o.id().equals(organisation))
                        .findFirst()
                        .flatMap(o -> decode(o.nodeKey()));
            } catch (ContractException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decode(String hex) {
        try {
            return Optional.of(Hex.decode(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
