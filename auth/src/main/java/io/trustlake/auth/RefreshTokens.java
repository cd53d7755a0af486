package io.trustlake.auth;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Opaque refresh tokens, stored only as their SHA-256 in the account store. Every token belongs to
 * a family started by one sign-in; using a token retires it and hands out the next one of its
 * family (rotation). Presenting a retired token again means it was copied, so the whole family is
 * revoked. Sign-out revokes a family; a password change or an admin revokes all of a user's.
 *
 * <p>Thread-safe: rotation is serialised so a token can be used only once.
 */
public final class RefreshTokens {
    private static final String TOKENS = "refresh/token/";
    private static final String FAMILIES = "refresh/family/";
    private static final String BY_USER = "refresh/user/";
    private static final int SECRET_LENGTH = 43;

    private final AccountStore store;
    private final Clock clock;
    private final Duration lifetime;
    private final Object lock = new Object();

    /**
     * Creates the token store.
     *
     * @param lifetime how long a sign-in may be extended without signing in again (from the sign-in)
     */
    public RefreshTokens(AccountStore store, Clock clock, Duration lifetime) {
        this.store = store;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A stored token: never the token itself. */
    record Grant(String userId, String familyId, List<String> methods, boolean used) {
        Grant {
            methods = List.copyOf(methods);
        }
    }

    record Family(String userId, Instant expiresAt, boolean revoked) {}

    /** A token that was valid and has been used: the user, the methods of the sign-in and the next token. */
    public record Rotation(String userId, List<String> methods, String familyId, String nextToken) {
        public Rotation {
            methods = List.copyOf(methods);
        }

        @Override
        public String toString() {
            return "Rotation[userId=" + userId + ", familyId=" + familyId + "]";
        }
    }

    public enum Refusal {
        UNKNOWN,
        EXPIRED,
        REVOKED,
        /** A token already exchanged was presented again; its family is now revoked. */
        REUSED
    }

    /** Starts a family for a new sign-in and returns its first token. */
    public String start(String userId, List<String> methods) {
        String familyId = Randomness.token(20);
        synchronized (lock) {
            store.put(
                    FAMILIES + familyId,
                    Json.encode(new Family(userId, clock.instant().plus(lifetime), false)));
            store.put(BY_USER + userId + "/" + familyId, Json.encode(familyId));
            return mint(new Grant(userId, familyId, methods, false));
        }
    }

    /** Exchanges a token for the next one of its family, or says why not. */
    public Result rotate(String token) {
        synchronized (lock) {
            Optional<Grant> grant = grant(token);
            if (grant.isEmpty()) {
                return new Result(Optional.empty(), Optional.of(Refusal.UNKNOWN), "");
            }
            Grant found = grant.get();
            Family family = family(found.familyId());
            if (family.revoked()) {
                return new Result(Optional.empty(), Optional.of(Refusal.REVOKED), found.userId());
            }
            if (found.used()) {
                revokeFamily(found.familyId());
                return new Result(Optional.empty(), Optional.of(Refusal.REUSED), found.userId());
            }
            if (!clock.instant().isBefore(family.expiresAt())) {
                return new Result(Optional.empty(), Optional.of(Refusal.EXPIRED), found.userId());
            }
            store.put(
                    TOKENS + digest(token),
                    Json.encode(new Grant(found.userId(), found.familyId(), found.methods(), true)));
            String next = mint(new Grant(found.userId(), found.familyId(), found.methods(), false));
            return new Result(
                    Optional.of(new Rotation(found.userId(), found.methods(), found.familyId(), next)),
                    Optional.empty(),
                    found.userId());
        }
    }

    /** The outcome of {@link #rotate}: a rotation or a refusal, with the user if the token was known. */
    public record Result(Optional<Rotation> rotation, Optional<Refusal> refusal, String userIdOrEmpty) {}

    /** Revokes the family of a token (sign-out); returns the user, if the token was known. */
    public Optional<String> revoke(String token) {
        synchronized (lock) {
            Optional<Grant> grant = grant(token);
            grant.ifPresent(g -> revokeFamily(g.familyId()));
            return grant.map(Grant::userId);
        }
    }

    /** Revokes every family of a user (password change, admin action); returns how many were live. */
    public int revokeAll(String userId) {
        synchronized (lock) {
            int revoked = 0;
            for (byte[] value : store.scan(BY_USER + userId + "/", Integer.MAX_VALUE)) {
                String familyId = Json.decode(value, String.class);
                if (!family(familyId).revoked()) {
                    revokeFamily(familyId);
                    revoked++;
                }
            }
            return revoked;
        }
    }

    private String mint(Grant grant) {
        String token = "rt." + grant.familyId() + "." + Randomness.token(SECRET_LENGTH);
        store.put(TOKENS + digest(token), Json.encode(grant));
        return token;
    }

    private void revokeFamily(String familyId) {
        Family family = family(familyId);
        store.put(FAMILIES + familyId, Json.encode(new Family(family.userId(), family.expiresAt(), true)));
    }

    private Optional<Grant> grant(String token) {
        if (token.length() > 200) {
            return Optional.empty();
        }
        return store.get(TOKENS + digest(token)).map(v -> Json.decode(v, Grant.class));
    }

    private Family family(String familyId) {
        return store.get(FAMILIES + familyId)
                .map(v -> Json.decode(v, Family.class))
                .orElseThrow(() -> new AuthException(
                        io.trustlake.common.error.ErrorCode.STORAGE_FAILURE, "refresh token family missing"));
    }

    private static String digest(String token) {
        return Hex.encode(Hashes.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }
}
