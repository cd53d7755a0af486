package io.trustlake.auth;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.util.Arrays;
import java.util.Objects;

/**
 * The public half of a token-signing key together with the organisation that owns it. A token
 * verified with this key may only speak for that organisation. Immutable.
 */
public final class PublicTokenKey {
    private final String kid;
    private final String organisationId;
    private final byte[] publicKey;

    /**
     * Creates a published key.
     *
     * @param kid the key id found in the tokens' {@code kid} header
     * @param organisationId the owning organisation
     * @param publicKey the 32-byte Ed25519 public key (copied)
     */
    public PublicTokenKey(String kid, String organisationId, byte[] publicKey) {
        TokenKey.requireKeyId(kid);
        Ids.requireOrganisationId(organisationId);
        if (publicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new AuthException(ErrorCode.CONFIGURATION, "an Ed25519 public key has 32 bytes: " + kid);
        }
        this.kid = kid;
        this.organisationId = organisationId;
        this.publicKey = publicKey.clone();
    }

    public String kid() {
        return kid;
    }

    public String organisationId() {
        return organisationId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    boolean verifies(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicTokenKey that
                && kid.equals(that.kid)
                && organisationId.equals(that.organisationId)
                && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, organisationId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "PublicTokenKey[kid=" + kid + ", organisation=" + organisationId + ", key=" + Hex.encode(publicKey)
                + "]";
    }
}
