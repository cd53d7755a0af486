package io.trustlake.auth;

import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Issues the short-lived tokens of one organisation: compact JWS (RFC 7515) signed with EdDSA over
 * Ed25519 (RFC 8037), header {@code {"alg":"EdDSA","typ":"JWT","kid":…}}, claims {@code iss}
 * ({@code trustlake:<organisation>}), {@code aud}, {@code sub}, {@code role}, {@code org}, {@code
 * depts}, {@code pid} (patients only), {@code amr}, {@code jti}, {@code iat}, {@code nbf}, {@code
 * exp}. With every access token goes a {@linkplain LedgerProofs ledger proof}: the same claims for
 * another audience and with another {@code jti}. Thread-safe.
 */
public final class TokenIssuer {
    static final String ALGORITHM = "EdDSA";
    static final String PASSWORD_METHOD = "pwd";
    private static final int TOKEN_ID_LENGTH = 26;

    private final String organisationId;
    private final TokenKey signingKey;
    private final Clock clock;
    private final TokenConfig config;

    public TokenIssuer(String organisationId, TokenKey signingKey, Clock clock, TokenConfig config) {
        if (config.audience().equals(LedgerProofs.AUDIENCE)) {
            throw new AuthException(
                    ErrorCode.CONFIGURATION,
                    "the token audience " + LedgerProofs.AUDIENCE + " is reserved for ledger proofs");
        }
        this.organisationId = organisationId;
        this.signingKey = signingKey;
        this.clock = clock;
        this.config = config;
    }

    public String organisationId() {
        return organisationId;
    }

    /** The key to publish so that every node can verify this issuer's tokens. */
    public PublicTokenKey publicKey() {
        return signingKey.publicKey(organisationId);
    }

    /** A token for an account that has just signed in with a password. */
    public IssuedToken issue(Account account) {
        return issue(account, List.of(PASSWORD_METHOD));
    }

    /**
     * A token for an account of this organisation, valid from now for the configured lifetime.
     *
     * @param authenticationMethods RFC 8176 {@code amr} values, at least one (e.g. {@code pwd}, {@code
     *     otp})
     */
    public IssuedToken issue(Account account, List<String> authenticationMethods) {
        if (!account.organisationId().equals(organisationId) || authenticationMethods.isEmpty()) {
            throw new AuthException(ErrorCode.INTERNAL, "cannot issue a token for " + account.userId());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plusSeconds(Math.max(1, config.lifetime().toSeconds()));
        TokenClaims claims = new TokenClaims(
                TokenClaims.issuerFor(organisationId),
                List.of(config.audience()),
                account.userId(),
                account.role(),
                organisationId,
                account.departments(),
                account.patientIdOrEmpty(),
                authenticationMethods,
                Randomness.token(TOKEN_ID_LENGTH),
                now,
                now,
                expiresAt);
        TokenClaims proof = new TokenClaims(
                claims.issuer(),
                List.of(LedgerProofs.AUDIENCE),
                claims.subject(),
                claims.role(),
                claims.organisationId(),
                claims.departments(),
                claims.patientIdOrEmpty(),
                claims.authenticationMethods(),
                Randomness.token(TOKEN_ID_LENGTH),
                claims.issuedAt(),
                claims.notBefore(),
                claims.expiresAt());
        return new IssuedToken(sign(claims), claims.tokenId(), expiresAt, sign(proof));
    }

    private String sign(TokenClaims claims) {
        Map<String, String> header = Map.of("alg", ALGORITHM, "typ", "JWT", "kid", signingKey.kid());
        String signingInput =
                Base64Url.encode(Json.encode(header)) + "." + Base64Url.encode(Json.encode(claims.toJson()));
        byte[] signature = signingKey.keyPair().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64Url.encode(signature);
    }
}
