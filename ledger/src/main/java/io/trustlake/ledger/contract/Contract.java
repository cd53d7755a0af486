package io.trustlake.ledger.contract;

import java.util.Set;

/**
 * A deterministic smart contract. {@link #execute} must read and write state only through the
 * context, must not read the clock, randomness or do I/O (time comes from the transaction), and
 * must give the same outcome on every peer. It may be called concurrently for simulation, with
 * distinct contexts.
 */
public interface Contract {
    /** Transaction types this contract handles; types are unique across contracts. */
    Set<String> transactionTypes();

    Outcome execute(Context context);
}
