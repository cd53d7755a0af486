package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;

/**
 * An unexpected failure in the auth module (storage, duplicate account, programming error). Expected
 * refusals such as a wrong password or an invalid token are values ({@link LoginResult}, {@link
 * TokenCheck}), never this exception. Messages carry ids only, never passwords, hashes or tokens.
 */
public final class AuthException extends TrustlakeException {
    private static final long serialVersionUID = 1L;

    public AuthException(ErrorCode code, String message) {
        super(code, message);
    }

    public AuthException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
