package io.trustlake.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a role or group sits in a provider's access token, written as the {@code from} of a
 * mapping:
 *
 * <ul>
 *   <li>{@code realm-role:NAME}: {@code NAME} in {@code realm_access.roles} (Keycloak realm roles);
 *   <li>{@code client-role:CLIENT:NAME}: {@code NAME} in {@code resource_access.CLIENT.roles}
 *       (Keycloak client roles; the client id contains no colon);
 *   <li>{@code group:NAME}: {@code NAME} in {@code groups} (Keycloak's group membership mapper writes
 *       full paths such as {@code /cardiology});
 *   <li>{@code claim:CLAIM:VALUE}: the top-level claim {@code CLAIM} is {@code VALUE} or an array
 *       holding it (other providers, e.g. a {@code roles} claim).
 * </ul>
 *
 * Comparison is exact (case-sensitive). Immutable.
 */
record ClaimMatch(List<String> path, String value) {
    ClaimMatch {
        path = List.copyOf(path);
    }

    static ClaimMatch parse(String from) {
        if (from == null || from.isBlank() || from.length() > 512) {
            throw IdentityProvider.invalid("every mapping needs 'from', e.g. realm-role:doctor or group:/cardiology");
        }
        int colon = from.indexOf(':');
        String kind = colon < 0 ? from : from.substring(0, colon);
        String rest = colon < 0 ? "" : from.substring(colon + 1);
        return switch (kind) {
            case "realm-role" -> of(List.of("realm_access", "roles"), rest, from);
            case "group" -> of(List.of("groups"), rest, from);
            case "client-role" -> qualified("resource_access", "roles", rest, from);
            case "claim" -> qualified("", "", rest, from);
            default ->
                throw IdentityProvider.invalid(
                        "unknown mapping source '" + kind + "' (realm-role, client-role, group or claim)");
        };
    }

    private static ClaimMatch qualified(String outer, String inner, String rest, String from) {
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw IdentityProvider.invalid("'" + from + "' needs the form kind:NAME:VALUE");
        }
        String name = rest.substring(0, colon);
        List<String> path = outer.isEmpty() ? List.of(name) : List.of(outer, name, inner);
        return of(path, rest.substring(colon + 1), from);
    }

    private static ClaimMatch of(List<String> path, String value, String from) {
        if (value.isEmpty()) {
            throw IdentityProvider.invalid("'" + from + "' names no value");
        }
        return new ClaimMatch(path, value);
    }

    /** True if the claims hold {@link #value} at {@link #path} (as the string or inside an array). */
    boolean matches(JsonNode claims) {
        JsonNode node = claims;
        for (String step : path) {
            node = node.isObject() ? node.get(step) : null;
            if (node == null) {
                return false;
            }
        }
        if (node.isTextual()) {
            return node.textValue().equals(value);
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isTextual() && element.textValue().equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
