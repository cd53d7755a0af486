package io.trustlake.bench;

import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The consensus benchmark's contract: each transaction writes its payload under its nonce. */
final class BenchContract implements Contract {
    static final String PUT = "bench.put";

    @Override
    public Set<String> transactionTypes() {
        return Set.of(PUT);
    }

    @Override
    public Outcome execute(Context context) {
        context.put(
                "bench/" + context.transaction().nonce(),
                context.transaction().payload().getBytes(StandardCharsets.UTF_8));
        return Outcome.applied("{}");
    }
}
