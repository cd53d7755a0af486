package io.trustlake.ledger.core;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;

/** An unexpected failure of the ledger: storage, ordering, or a tampered chain. */
public final class LedgerException extends TrustlakeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(ErrorCode code, String message) {
        super(code, message);
    }

    public LedgerException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
