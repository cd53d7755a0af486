package io.trustlake.ledger.contract;

/** The result of executing a transaction: applied with a JSON result, or rejected with a stable code. */
public sealed interface Outcome {
    record Applied(String result) implements Outcome {}

    record Rejected(String code, String reason) implements Outcome {}

    static Outcome applied(String resultJson) {
        return new Applied(resultJson);
    }

    static Outcome rejected(String code, String reason) {
        return new Rejected(code, reason);
    }
}
