package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;

/**
 * An unexpected failure inside the data lake: storage I/O, a corrupted object, a broken invariant.
 * Expected refusals (a rejected bundle, a delivery already taken) are values, never this exception.
 * Messages carry object keys and ids only, never patient data.
 */
public final class LakeException extends TrustlakeException {
    private static final long serialVersionUID = 1L;

    public LakeException(ErrorCode code, String message) {
        super(code, message);
    }

    public LakeException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
