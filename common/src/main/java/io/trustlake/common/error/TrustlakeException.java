package io.trustlake.common.error;

/**
 * Base of every unexpected failure in Trustlake. Each module has its own subclass; the message
 * must never contain patient data, passwords, tokens or keys (ids are fine).
 */
public class TrustlakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TrustlakeException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public TrustlakeException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
