package io.trustlake.server;

import io.trustlake.auth.KeyDirectory;
import io.trustlake.auth.PublicTokenKey;
import io.trustlake.common.crypto.Hex;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.ledger.contract.StateView;
import java.util.Optional;

/** Token-verification keys as registered on this node's replica of the ledger. Thread-safe. */
public final class LedgerKeyDirectory implements KeyDirectory {
    private final StateView state;

    public LedgerKeyDirectory(StateView state) {
        this.state = state;
    }

    @Override
    public Optional<PublicTokenKey> find(String kid) {
        return MembershipContract.tokenKey(state, kid)
                .map(key -> new PublicTokenKey(key.kid(), key.organisation(), Hex.decode(key.publicKey())));
    }
}
