package io.trustlake.common.error;

/**
 * Stable error codes shared by every module. The HTTP layer maps each {@link Category} to a status
 * code in exactly one place; the code itself is what clients and logs see.
 */
public enum ErrorCode {
    BAD_REQUEST(Category.INVALID),
    MALFORMED_JSON(Category.INVALID),
    PAYLOAD_TOO_LARGE(Category.TOO_LARGE),
    INVALID_ID(Category.INVALID),
    INVALID_RULE(Category.INVALID),
    INVALID_BUNDLE(Category.INVALID),
    UNAUTHENTICATED(Category.UNAUTHENTICATED),
    INVALID_CREDENTIALS(Category.UNAUTHENTICATED),
    INVALID_TOKEN(Category.UNAUTHENTICATED),
    /** Too many failed sign-ins for an account or from an address; wait and try again. */
    TOO_MANY_ATTEMPTS(Category.TOO_MANY_REQUESTS),
    FORBIDDEN(Category.FORBIDDEN),
    ACCESS_DENIED(Category.FORBIDDEN),
    NOT_FOUND(Category.NOT_FOUND),
    /** The client asked for an encrypted (JWE) delivery but has registered no public key. */
    NO_DELIVERY_KEY(Category.NOT_ACCEPTABLE),
    GONE(Category.GONE),
    CONFLICT(Category.CONFLICT),
    LEDGER_REJECTED(Category.CONFLICT),
    LEDGER_UNAVAILABLE(Category.UNAVAILABLE),
    PEER_UNAVAILABLE(Category.UNAVAILABLE),
    STORAGE_FAILURE(Category.INTERNAL),
    CRYPTO_FAILURE(Category.INTERNAL),
    TAMPERING_DETECTED(Category.INTERNAL),
    CONFIGURATION(Category.INTERNAL),
    INTERNAL(Category.INTERNAL);

    /** Coarse class of failure, used to choose an HTTP status or a process exit code. */
    public enum Category {
        INVALID,
        TOO_LARGE,
        UNAUTHENTICATED,
        TOO_MANY_REQUESTS,
        FORBIDDEN,
        NOT_FOUND,
        NOT_ACCEPTABLE,
        GONE,
        CONFLICT,
        UNAVAILABLE,
        INTERNAL
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
