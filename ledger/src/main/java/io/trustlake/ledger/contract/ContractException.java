package io.trustlake.ledger.contract;

/**
 * Thrown inside a contract to reject a transaction with a stable code; the runtime turns it into
 * {@link Outcome.Rejected}. It never escapes the ledger.
 */
public final class ContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public ContractException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
