package io.trustlake.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.crypto.JwsPublicKey;
import io.trustlake.common.id.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks an access token of an organisation's own OpenID Connect provider and maps it to a
 * principal, for {@link TokenVerifier}. Order: header ({@code RS256} or {@code ES256}, a {@code kid},
 * no {@code crit}, {@code typ} absent, {@code JWT} or {@code at+jwt}), issuer (registered by some
 * organisation), key (in that provider's key set, of the header's algorithm), signature, token type
 * (a {@code typ} claim, as Keycloak writes, must be {@code Bearer}: ID and refresh tokens are
 * refused), audience (the registered one), expiry and not-before, mapping (a role, a user name and,
 * for patients, a patient id), revocation is left to the caller.
 *
 * <p>The user is {@code organisation:username}, in the organisation that registered the provider,
 * so a provider's token never speaks for another organisation. Thread-safe.
 */
final class ProviderTokens {
    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    /** The {@code amr} of a federated sign-in when the provider sends none. */
    static final String FEDERATED_METHOD = "oidc";

    private static final int MAX_TOKEN_ID_LENGTH = 128;

    private final OidcFederation federation;

    ProviderTokens(OidcFederation federation) {
        this.federation = federation;
    }

    /** The checked claims of a federated token, before time and revocation checks. */
    record Checked(Principal principal, Instant issuedAt, Instant notBefore, Instant expiresAt) {}

    Checked check(CompactToken compact, JsonNode header) throws TokenRejected {
        String algorithm = header.get("alg").textValue();
        String kid = requireHeader(header);
        JsonNode claims = compact.payload();
        IdentityProvider provider = federation
                .providers()
                .byIssuer(text(claims, "iss"))
                .orElseThrow(() -> new TokenRejected(TokenCheck.Reason.UNKNOWN_ISSUER));
        JwsPublicKey key = key(provider, kid, algorithm);
        if (!key.verifies(compact.signingInput(), compact.signature())) {
            throw new TokenRejected(TokenCheck.Reason.BAD_SIGNATURE);
        }
        JsonNode type = claims.get("typ");
        if (type != null && !"Bearer".equalsIgnoreCase(type.asText())) {
            throw new TokenRejected(TokenCheck.Reason.NOT_AN_ACCESS_TOKEN);
        }
        requireAudience(claims, provider);
        return new Checked(
                principal(claims, provider, compact),
                time(claims, "iat", Instant.EPOCH),
                time(claims, "nbf", Instant.EPOCH),
                requiredTime(claims, "exp"));
    }

    private static String requireHeader(JsonNode header) throws TokenRejected {
        JsonNode kid = header.get("kid");
        JsonNode type = header.get("typ");
        boolean typeOk = type == null
                || (type.isTextual()
                        && Set.of("jwt", "at+jwt", "application/at+jwt")
                                .contains(type.textValue().toLowerCase(Locale.ROOT)));
        if (kid == null || !kid.isTextual() || kid.textValue().isEmpty() || header.has("crit") || !typeOk) {
            throw TokenRejected.malformed();
        }
        return kid.textValue();
    }

    private JwsPublicKey key(IdentityProvider provider, String kid, String algorithm) throws TokenRejected {
        ProviderKeys.Lookup lookup = federation.keys().find(provider, kid);
        if (lookup instanceof ProviderKeys.Lookup.Found found) {
            if (!found.key().algorithm().equals(algorithm)) {
                throw new TokenRejected(TokenCheck.Reason.UNKNOWN_KEY);
            }
            return found.key();
        }
        if (lookup instanceof ProviderKeys.Lookup.Unavailable) {
            throw new TokenRejected(TokenCheck.Reason.PROVIDER_UNAVAILABLE);
        }
        throw new TokenRejected(TokenCheck.Reason.UNKNOWN_KEY);
    }

    /** The registered audience must be among {@code aud}; {@code account} alone never is. */
    private static void requireAudience(JsonNode claims, IdentityProvider provider) throws TokenRejected {
        JsonNode aud = claims.get("aud");
        boolean found = false;
        if (aud != null && aud.isTextual()) {
            found = aud.textValue().equals(provider.audience());
        } else if (aud != null && aud.isArray()) {
            for (JsonNode value : aud) {
                found |= value.isTextual() && value.textValue().equals(provider.audience());
            }
        }
        if (!found || provider.audience().equals(IdentityProvider.KEYCLOAK_ACCOUNT_AUDIENCE)) {
            throw new TokenRejected(TokenCheck.Reason.WRONG_AUDIENCE);
        }
    }

    private static Principal principal(JsonNode claims, IdentityProvider provider, CompactToken compact)
            throws TokenRejected {
        String organisation = provider.organisationId();
        Role role = role(claims, provider);
        String userId =
                organisation + ":" + text(claims, provider.usernameClaim()).toLowerCase(Locale.ROOT);
        if (!Ids.isScopedId(userId)) {
            throw new TokenRejected(TokenCheck.Reason.UNMAPPED_ROLE);
        }
        String patientId = "";
        if (role == Role.PATIENT) {
            patientId = text(claims, provider.patientIdClaim());
            if (!Ids.isPatientId(patientId)) {
                throw new TokenRejected(TokenCheck.Reason.UNMAPPED_ROLE);
            }
        }
        Set<String> departments = new LinkedHashSet<>();
        for (IdentityProvider.DepartmentMapping mapping : provider.departments()) {
            if (ClaimMatch.parse(mapping.from()).matches(claims)) {
                departments.add(mapping.department());
            }
        }
        return new Principal(
                userId,
                role,
                organisation,
                List.copyOf(departments),
                patientId,
                tokenId(claims, compact),
                methods(claims),
                requiredTime(claims, "exp"));
    }

    private static Role role(JsonNode claims, IdentityProvider provider) throws TokenRejected {
        for (IdentityProvider.RoleMapping mapping : provider.roles()) {
            if (ClaimMatch.parse(mapping.from()).matches(claims)) {
                return mapping.role();
            }
        }
        throw new TokenRejected(TokenCheck.Reason.UNMAPPED_ROLE);
    }

    /** The provider's {@code jti}, or a digest of the token when it has none. */
    private static String tokenId(JsonNode claims, CompactToken compact) {
        String jti = text(claims, "jti");
        if (!jti.isEmpty() && jti.length() <= MAX_TOKEN_ID_LENGTH) {
            return jti;
        }
        return "sha256:" + Hex.encode(Hashes.sha256(compact.signingInput())).substring(0, 32);
    }

    private static List<String> methods(JsonNode claims) {
        List<String> methods = new ArrayList<>();
        JsonNode amr = claims.get("amr");
        if (amr != null && amr.isArray()) {
            for (JsonNode method : amr) {
                if (method.isTextual() && method.textValue().length() <= 32) {
                    methods.add(method.textValue());
                }
            }
        }
        if (methods.isEmpty()) {
            methods.add(FEDERATED_METHOD);
        }
        return methods;
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isTextual() ? value.textValue() : "";
    }

    private static Instant requiredTime(JsonNode claims, String name) throws TokenRejected {
        if (!claims.has(name)) {
            throw TokenRejected.malformed();
        }
        return time(claims, name, Instant.EPOCH);
    }

    private static Instant time(JsonNode claims, String name, Instant absent) throws TokenRejected {
        JsonNode value = claims.get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isNumber()
                || !value.canConvertToLong()
                || value.longValue() < 0
                || value.longValue() > 253_402_300_799L) {
            throw TokenRejected.malformed();
        }
        return Instant.ofEpochSecond(value.longValue());
    }
}
