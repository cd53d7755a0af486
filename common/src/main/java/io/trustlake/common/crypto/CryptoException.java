package io.trustlake.common.crypto;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;

/** A cryptographic primitive failed for a reason other than a bad signature or a bad tag. */
public final class CryptoException extends TrustlakeException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message, Throwable cause) {
        super(ErrorCode.CRYPTO_FAILURE, message, cause);
    }
}
