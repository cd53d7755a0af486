package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An organisation's own OpenID Connect provider, as registered on the ledger: Trustlake accepts the
 * provider's access tokens as the organisation's users. Immutable; the constructor refuses an
 * unusable configuration with a plain message ({@link ErrorCode#BAD_REQUEST}).
 *
 * @param organisationId the organisation whose users the provider signs in; a token of this
 *     provider never speaks for another organisation
 * @param issuer the exact {@code iss} of the provider's tokens; its discovery document is at {@code
 *     issuer + "/.well-known/openid-configuration"}
 * @param audience the {@code aud} value a token must carry to be meant for Trustlake (never {@code
 *     account}, the default audience of every Keycloak access token)
 * @param jwksUri where the provider's signing keys are, or empty to read {@code jwks_uri} from the
 *     discovery document
 * @param usernameClaim the claim whose value, prefixed by the organisation, is the user id
 * @param patientIdClaim the claim holding the Trustlake patient id of a user mapped to {@link
 *     Role#PATIENT}
 * @param roles tried in order; the first that matches the token gives the user's role
 * @param departments every one that matches adds its department
 */
public record IdentityProvider(
        String organisationId,
        String issuer,
        String audience,
        String jwksUri,
        String usernameClaim,
        String patientIdClaim,
        List<RoleMapping> roles,
        List<DepartmentMapping> departments) {

    public static final String DEFAULT_USERNAME_CLAIM = "preferred_username";
    public static final String DEFAULT_PATIENT_ID_CLAIM = "trustlake_patient_id";
    /** Keycloak puts this audience in every access token; it never means "meant for Trustlake". */
    public static final String KEYCLOAK_ACCOUNT_AUDIENCE = "account";

    private static final int MAX_TEXT = 512;
    private static final int MAX_MAPPINGS = 256;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Token claims of {@code from} are checked for {@code value}; see {@link ClaimMatch}. */
    public record RoleMapping(String from, Role role) {
        public RoleMapping {
            ClaimMatch.parse(from);
            if (role == null) {
                throw invalid("every role mapping needs a role: " + String.join(", ", roleNames()));
            }
        }
    }

    public record DepartmentMapping(String from, String department) {
        public DepartmentMapping {
            ClaimMatch.parse(from);
            if (department == null || !Ids.isScopedId(department)) {
                throw invalid("a department mapping needs a department id such as org:cardiology");
            }
        }
    }

    public IdentityProvider {
        Ids.requireOrganisationId(organisationId);
        requireUrl("issuer", issuer);
        if (issuer.endsWith("/")) {
            throw invalid("issuer must not end with '/' (it must equal the tokens' iss exactly)");
        }
        jwksUri = jwksUri == null ? "" : jwksUri;
        if (!jwksUri.isEmpty()) {
            requireUrl("jwksUri", jwksUri);
        }
        requireText("audience", audience);
        if (audience.equals(KEYCLOAK_ACCOUNT_AUDIENCE)) {
            throw invalid("audience 'account' is Keycloak's default for every token; use the audience of"
                    + " Trustlake's own client");
        }
        usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? DEFAULT_USERNAME_CLAIM : usernameClaim;
        patientIdClaim = patientIdClaim == null || patientIdClaim.isBlank() ? DEFAULT_PATIENT_ID_CLAIM : patientIdClaim;
        requireText("usernameClaim", usernameClaim);
        requireText("patientIdClaim", patientIdClaim);
        roles = roles == null ? List.of() : List.copyOf(roles);
        departments = departments == null ? List.of() : List.copyOf(departments);
        if (roles.isEmpty()) {
            throw invalid("at least one role mapping is needed, or no one could sign in");
        }
        if (roles.size() > MAX_MAPPINGS || departments.size() > MAX_MAPPINGS) {
            throw invalid("at most " + MAX_MAPPINGS + " role and " + MAX_MAPPINGS + " department mappings");
        }
        for (DepartmentMapping mapping : departments) {
            if (!Ids.organisationOf(mapping.department()).equals(organisationId)) {
                throw invalid("department " + mapping.department() + " is not a department of " + organisationId);
            }
        }
    }

    /** The discovery document's address (OpenID Connect Discovery 1.0 §4). */
    public String discoveryUri() {
        return issuer + "/.well-known/openid-configuration";
    }

    /**
     * True for an {@code https} address, or {@code http} on a loopback host (a provider on the same
     * machine, as in tests); no user info, query or fragment.
     */
    public static boolean isAcceptableUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean secure = scheme.equals("https")
                    || (scheme.equals("http") && uri.getHost() != null && LOOPBACK.contains(uri.getHost()));
            return secure
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void requireUrl(String name, String value) {
        requireText(name, value);
        if (!isAcceptableUrl(value)) {
            throw invalid(name + " must be an https address (http only on a loopback host), without query");
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw invalid(name + " is required (at most " + MAX_TEXT + " characters)");
        }
    }

    private static List<String> roleNames() {
        return java.util.Arrays.stream(Role.values()).map(Role::name).toList();
    }

    static AuthException invalid(String message) {
        return new AuthException(ErrorCode.BAD_REQUEST, "identity provider: " + message);
    }
}
