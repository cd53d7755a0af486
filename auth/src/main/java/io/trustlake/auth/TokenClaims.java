package io.trustlake.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.id.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The claim set of a Trustlake token, shared by issuer and verifier so both agree on names and
 * types. Times are whole seconds since the epoch (JWT NumericDate). {@link #parse} checks types and
 * id formats only; issuer, audience, validity and revocation are checked by {@link TokenVerifier}.
 */
record TokenClaims(
        String issuer,
        List<String> audience,
        String subject,
        Role role,
        String organisationId,
        List<String> departments,
        String patientIdOrEmpty,
        List<String> authenticationMethods,
        String tokenId,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt) {

    static final String ISSUER_PREFIX = "trustlake:";
    private static final long LATEST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final int MAX_TOKEN_ID_LENGTH = 128;

    TokenClaims {
        audience = List.copyOf(audience);
        departments = List.copyOf(departments);
        authenticationMethods = List.copyOf(authenticationMethods);
    }

    static String issuerFor(String organisationId) {
        return ISSUER_PREFIX + organisationId;
    }

    Map<String, Object> toJson() {
        Map<String, Object> claims = new TreeMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience.size() == 1 ? audience.get(0) : audience);
        claims.put("sub", subject);
        claims.put("role", role.name());
        claims.put("org", organisationId);
        claims.put("depts", departments);
        if (!patientIdOrEmpty.isEmpty()) {
            claims.put("pid", patientIdOrEmpty);
        }
        claims.put("amr", authenticationMethods);
        claims.put("jti", tokenId);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nbf", notBefore.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        return claims;
    }

    Principal toPrincipal() {
        return new Principal(
                subject,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                tokenId,
                authenticationMethods,
                expiresAt);
    }

    /** Reads an untrusted claim set; anything missing, mistyped or out of format is malformed. */
    static TokenClaims parse(JsonNode claims) throws TokenRejected {
        Role role = role(text(claims, "role"));
        return new TokenClaims(
                text(claims, "iss"),
                audience(claims.get("aud")),
                checked(text(claims, "sub"), Ids::isScopedId),
                role,
                checked(text(claims, "org"), Ids::isOrganisationId),
                departments(claims.get("depts")),
                patientId(claims, role),
                nonEmpty(strings(claims.get("amr"))),
                tokenId(text(claims, "jti")),
                time(claims.get("iat")),
                time(claims.get("nbf")),
                time(claims.get("exp")));
    }

    private static String text(JsonNode claims, String name) throws TokenRejected {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual()) {
            throw TokenRejected.malformed();
        }
        return value.textValue();
    }

    private static String checked(String value, Predicate<String> wellFormed) throws TokenRejected {
        if (!wellFormed.test(value)) {
            throw TokenRejected.malformed();
        }
        return value;
    }

    private static Role role(String name) throws TokenRejected {
        for (Role role : Role.values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        throw TokenRejected.malformed();
    }

    private static List<String> audience(JsonNode value) throws TokenRejected {
        if (value != null && value.isTextual()) {
            return List.of(value.textValue());
        }
        return nonEmpty(strings(value));
    }

    private static List<String> departments(JsonNode value) throws TokenRejected {
        List<String> departments = strings(value);
        for (String department : departments) {
            checked(department, Ids::isScopedId);
        }
        return departments;
    }

    private static String patientId(JsonNode claims, Role role) throws TokenRejected {
        if (role != Role.PATIENT) {
            if (claims.has("pid")) {
                throw TokenRejected.malformed();
            }
            return "";
        }
        String patientId = text(claims, "pid");
        return checked(patientId, Ids::isPatientId);
    }

    private static String tokenId(String value) throws TokenRejected {
        return checked(value, id -> !id.isEmpty() && id.length() <= MAX_TOKEN_ID_LENGTH);
    }

    private static List<String> strings(JsonNode value) throws TokenRejected {
        if (value == null || !value.isArray()) {
            throw TokenRejected.malformed();
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw TokenRejected.malformed();
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    private static List<String> nonEmpty(List<String> values) throws TokenRejected {
        if (values.isEmpty()) {
            throw TokenRejected.malformed();
        }
        return values;
    }

    private static Instant time(JsonNode value) throws TokenRejected {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw TokenRejected.malformed();
        }
        long seconds = value.longValue();
        if (seconds < 0 || seconds > LATEST_SECOND) {
            throw TokenRejected.malformed();
        }
        return Instant.ofEpochSecond(seconds);
    }
}
