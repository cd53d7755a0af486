package io.trustlake.auth;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.error.ErrorCode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An organisation's token-signing key: the key id written in every token's {@code kid} header and
 * the Ed25519 key pair. The public half is published on the ledger as a {@link PublicTokenKey}.
 * {@link #toString()} shows only the public key.
 *
 * @param kid key id, 1–128 characters of {@code [A-Za-z0-9._:-]}, unique across the consortium
 */
public record TokenKey(String kid, Ed25519.KeyPair keyPair) {
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public TokenKey {
        requireKeyId(kid);
        Objects.requireNonNull(keyPair, "keyPair");
    }

    public PublicTokenKey publicKey(String organisationId) {
        return new PublicTokenKey(kid, organisationId, keyPair.publicKey());
    }

    static void requireKeyId(String kid) {
        if (!KEY_ID.matcher(kid).matches()) {
            throw new AuthException(ErrorCode.CONFIGURATION, "malformed token key id");
        }
    }
}
