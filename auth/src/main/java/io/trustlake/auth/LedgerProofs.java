package io.trustlake.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Ledger proofs: tokens a user's own organisation issues with every access token, same claims and
 * validity, but for the audience {@link #AUDIENCE}, so no node accepts one as an access token. When
 * the user's own node is down, another member's node may sign a transaction for the user only with
 * such a proof in it, and every peer checks the proof against the user's organisation's token keys
 * on its own ledger replica at the transaction's time (see {@link #check}). A node therefore cannot
 * act for another organisation's user without that organisation's signature over the user's
 * identity. The proof lands on the ledger; it stops being usable when it expires with the access
 * token it came with.
 */
public final class LedgerProofs {
    /** The audience of ledger proofs; never the audience of access tokens. */
    public static final String AUDIENCE = "trustlake-ledger";

    private static final RevocationList NOTHING_REVOKED = tokenId -> false;

    private LedgerProofs() {}

    /**
     * Checks a ledger proof deterministically: Trustlake's own EdDSA tokens only (an identity
     * provider's token, whose keys are not on the ledger, is refused), signed by a key in {@code
     * keys} of the organisation the claims speak for, for {@link #AUDIENCE}, valid at {@code at}
     * with the standard {@linkplain TokenConfig#DEFAULT_CLOCK_SKEW clock skew}. Revocation is a
     * node's own memory and is not consulted, so that every peer answers alike.
     */
    public static TokenCheck check(String proof, KeyDirectory keys, Instant at) {
        TokenVerifier verifier = new TokenVerifier(
                keys,
                NOTHING_REVOKED,
                Clock.fixed(at, ZoneOffset.UTC),
                TokenConfig.defaults().withAudience(AUDIENCE));
        return verifier.verify(proof);
    }

    /** True when the proof speaks for exactly this user, role, patient and departments. */
    public static boolean sameUser(Principal proof, Principal other) {
        return proof.userId().equals(other.userId())
                && proof.organisationId().equals(other.organisationId())
                && proof.role() == other.role()
                && proof.patientIdOrEmpty().equals(other.patientIdOrEmpty())
                && proof.departments().equals(other.departments());
    }
}
