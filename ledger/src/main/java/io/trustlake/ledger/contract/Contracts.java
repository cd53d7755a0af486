package io.trustlake.ledger.contract;

import io.trustlake.common.encoding.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dispatches transactions to the contract that handles their type. Immutable and thread-safe. */
public final class Contracts {
    private final Map<String, Contract> byType;

    private Contracts(Map<String, Contract> byType) {
        this.byType = byType;
    }

    public static Contracts of(List<Contract> contracts) {
        Map<String, Contract> byType = new HashMap<>();
        for (Contract contract : contracts) {
            for (String type : contract.transactionTypes()) {
                if (byType.put(type, contract) != null) {
                    throw new IllegalArgumentException("two contracts handle " + type);
                }
            }
        }
        return new Contracts(Map.copyOf(byType));
    }

    /** Runs the contract; a {@link ContractException} or a decoding failure becomes a rejection. */
    public Outcome execute(Context context) {
        Contract contract = byType.get(context.transaction().type());
        if (contract == null) {
            return Outcome.rejected(
                    "UNKNOWN_TYPE",
                    "no contract handles " + context.transaction().type());
        }
        try {
            return contract.execute(context);
        } catch (ContractException e) {
            return Outcome.rejected(e.code(), e.getMessage());
        } catch (io.trustlake.common.error.TrustlakeException e) {
            return Outcome.rejected(e.code().name(), e.getMessage());
        }
    }

    /** Convenience for contracts: canonical JSON of a result value. */
    public static String result(Object value) {
        return Json.encodeToString(value);
    }
}
