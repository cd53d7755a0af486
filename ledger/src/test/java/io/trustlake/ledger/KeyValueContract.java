package io.trustlake.ledger;

import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A minimal contract for ledger and orderer tests (shared through this module's test jar): puts a
 * value under a key, refusing empty keys.
 */
public final class KeyValueContract implements Contract {
    public record Put(String key, String value) {}

    @Override
    public Set<String> transactionTypes() {
        return Set.of("kv.put");
    }

    @Override
    public Outcome execute(Context context) {
        Put put = Json.decode(context.transaction().payload().getBytes(StandardCharsets.UTF_8), Put.class);
        if (put.key().isEmpty()) {
            throw new ContractException("EMPTY_KEY", "key must not be empty");
        }
        context.put("kv/" + put.key(), put.value().getBytes(StandardCharsets.UTF_8));
        return Outcome.applied("{\"logIndex\":" + context.logIndex() + "}");
    }
}
