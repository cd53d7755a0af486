package io.trustlake.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.id.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies tokens of any member organisation (see {@link TokenIssuer} for the format). Checks run in
 * the order of {@link TokenCheck.Reason} and the first failing one is reported: size and shape,
 * algorithm (only {@code EdDSA}), key id, signature, issuer (the {@code iss}, {@code org}, {@code
 * sub} and {@code depts} claims must all belong to the organisation that owns the signing key),
 * audience, expiry and not-before (both with the configured clock skew), revocation. Tokens signed
 * {@code RS256} or {@code ES256} are access tokens of an organisation's own identity provider and
 * are checked by {@link ProviderTokens} instead, then for time and revocation like ours.
 *
 * <p>A token that passed every check is remembered (at most {@link #MAX_CACHED} of them) so that
 * the next request with it costs a map look-up instead of an Ed25519 verification; expiry,
 * not-before and revocation are still checked on every request, and the signature again after
 * {@link #RECHECK_AFTER}.
 *
 * <p>Never throws on untrusted input; only a failing {@link KeyDirectory} or {@link RevocationList}
 * propagates its exception. Thread-safe if those ports are.
 */
public final class TokenVerifier {
    private static final Set<String> HEADER_FIELDS = Set.of("alg", "typ", "kid");

    private final KeyDirectory keys;
    private final RevocationList revocations;
    private final Clock clock;
    private final TokenConfig config;
    private final ProviderTokens providerTokens;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();

    /** How long a verified token's signature is trusted before it is checked again. */
    static final Duration RECHECK_AFTER = Duration.ofSeconds(60);

    static final int MAX_CACHED = 16_384;

    /**
     * Creates a verifier that trusts the keys of a directory.
     *
     * @param config audience expected, clock skew allowed and maximum token length
     */
    public TokenVerifier(KeyDirectory keys, RevocationList revocations, Clock clock, TokenConfig config) {
        this(keys, revocations, clock, config, OidcFederation.none());
    }

    /**
     * Creates a verifier that also accepts access tokens ({@code RS256} or {@code ES256}) of the
     * identity providers that organisations registered; see {@link ProviderTokens} for their checks.
     */
    public TokenVerifier(
            KeyDirectory keys, RevocationList revocations, Clock clock, TokenConfig config, OidcFederation federation) {
        this.keys = keys;
        this.revocations = revocations;
        this.clock = clock;
        this.config = config;
        this.providerTokens = new ProviderTokens(federation);
    }

    public TokenCheck verify(String token) {
        try {
            Cached cached = verified.get(token);
            if (cached != null && clock.instant().isBefore(cached.recheckAfter())) {
                return new TokenCheck.Valid(stillValid(cached));
            }
            return new TokenCheck.Valid(check(token));
        } catch (TokenRejected rejected) {
            return new TokenCheck.Invalid(rejected.reason());
        }
    }

    /**
     * A token whose signature and claims were checked recently. Time and revocation are checked
     * again on every use; signature, key and claims are trusted until {@code recheckAfter}, at
     * most {@link #RECHECK_AFTER} later, so a key withdrawn from the ledger stops working within it.
     */
    private record Cached(Principal principal, TokenClaims claims, Instant recheckAfter) {}

    private Principal stillValid(Cached cached) throws TokenRejected {
        requireCurrent(cached.claims());
        requireNotRevoked(cached.claims());
        return cached.principal();
    }

    private void remember(String token, TokenClaims claims, Principal principal) {
        if (verified.size() >= MAX_CACHED) {
            Instant now = clock.instant();
            verified.values().removeIf(c -> !now.isBefore(c.recheckAfter()));
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
        }
        Instant recheck = clock.instant().plus(RECHECK_AFTER);
        Instant until = claims.expiresAt().isBefore(recheck) ? claims.expiresAt() : recheck;
        verified.put(token, new Cached(principal, claims, until));
    }

    private void requireNotRevoked(TokenClaims claims) throws TokenRejected {
        if (revocations.isRevoked(claims.tokenId())
                || revocations.isRevokedForUser(claims.subject(), claims.issuedAt())) {
            throw new TokenRejected(TokenCheck.Reason.REVOKED);
        }
    }

    private Principal check(String token) throws TokenRejected {
        CompactToken compact = CompactToken.split(token, config.maxTokenLength());
        JsonNode header = compact.header();
        JsonNode algorithm = header.get("alg");
        if (algorithm != null && algorithm.isTextual() && ProviderTokens.ALGORITHMS.contains(algorithm.textValue())) {
            return federated(token, compact, header);
        }
        PublicTokenKey key = signingKey(header);
        if (!key.verifies(compact.signingInput(), compact.signature())) {
            throw new TokenRejected(TokenCheck.Reason.BAD_SIGNATURE);
        }
        TokenClaims claims = TokenClaims.parse(compact.payload());
        requireIssuer(claims, key.organisationId());
        requireAudience(claims);
        requireCurrent(claims);
        requireNotRevoked(claims);
        Principal principal = claims.toPrincipal();
        remember(token, claims, principal);
        return principal;
    }

    /** A token of an organisation's own identity provider: same time and revocation checks as ours. */
    private Principal federated(String token, CompactToken compact, JsonNode header) throws TokenRejected {
        ProviderTokens.Checked checked = providerTokens.check(compact, header);
        Principal principal = checked.principal();
        TokenClaims claims = new TokenClaims(
                "",
                List.of(),
                principal.userId(),
                principal.role(),
                principal.organisationId(),
                principal.departments(),
                principal.patientIdOrEmpty(),
                principal.authenticationMethods(),
                principal.tokenId(),
                checked.issuedAt(),
                checked.notBefore(),
                checked.expiresAt());
        requireCurrent(claims);
        requireNotRevoked(claims);
        remember(token, claims, principal);
        return principal;
    }

    private PublicTokenKey signingKey(JsonNode header) throws TokenRejected {
        JsonNode algorithm = header.get("alg");
        if (algorithm == null || !algorithm.isTextual()) {
            throw TokenRejected.malformed();
        }
        if (!TokenIssuer.ALGORITHM.equals(algorithm.textValue())) {
            throw new TokenRejected(TokenCheck.Reason.UNSUPPORTED_ALGORITHM);
        }
        JsonNode kid = header.get("kid");
        JsonNode type = header.get("typ");
        boolean onlyKnownFields = HEADER_FIELDS.containsAll(fieldNames(header));
        if (!onlyKnownFields || kid == null || !kid.isTextual() || (type != null && !"JWT".equals(type.textValue()))) {
            throw TokenRejected.malformed();
        }
        if (!TokenKey.KEY_ID.matcher(kid.textValue()).matches()) {
            throw new TokenRejected(TokenCheck.Reason.UNKNOWN_KEY);
        }
        return keys.find(kid.textValue()).orElseThrow(() -> new TokenRejected(TokenCheck.Reason.UNKNOWN_KEY));
    }

    private static Set<String> fieldNames(JsonNode header) {
        Set<String> names = new HashSet<>();
        header.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A key of organisation X may only vouch for X's issuer, accounts and departments. */
    private static void requireIssuer(TokenClaims claims, String owner) throws TokenRejected {
        boolean sameOrganisation = claims.issuer().equals(TokenClaims.issuerFor(owner))
                && claims.organisationId().equals(owner)
                && Ids.organisationOf(claims.subject()).equals(owner)
                && claims.departments().stream()
                        .allMatch(d -> Ids.organisationOf(d).equals(owner));
        if (!sameOrganisation) {
            throw new TokenRejected(TokenCheck.Reason.WRONG_ISSUER);
        }
    }

    private void requireAudience(TokenClaims claims) throws TokenRejected {
        if (!claims.audience().contains(config.audience())) {
            throw new TokenRejected(TokenCheck.Reason.WRONG_AUDIENCE);
        }
    }

    private void requireCurrent(TokenClaims claims) throws TokenRejected {
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt().plus(config.clockSkew()))) {
            throw new TokenRejected(TokenCheck.Reason.EXPIRED);
        }
        if (now.plus(config.clockSkew()).isBefore(claims.notBefore())) {
            throw new TokenRejected(TokenCheck.Reason.NOT_YET_VALID);
        }
    }
}
