package io.trustlake.synthetic;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;

/** An unexpected failure of this module: Synthea failed, its output is unreadable, or I/O failed. */
public final class SyntheticException extends TrustlakeException {
    private static final long serialVersionUID = 1L;

    public SyntheticException(ErrorCode code, String message) {
        super(code, message);
    }

    public SyntheticException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
