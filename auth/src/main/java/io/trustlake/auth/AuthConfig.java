package io.trustlake.auth;

import io.trustlake.common.crypto.Argon2id;
import java.time.Duration;

/**
 * Configuration of the auth module (key prefix {@code auth}). Defaults:
 *
 * <ul>
 *   <li>{@code password-hashing}: Argon2id with {@code memory-kib} 19456 (19 MiB), {@code
 *       iterations} 2, {@code parallelism} 1 and {@code hash-length} 32, the OWASP minimum for
 *       Argon2id; stored hashes with other parameters are upgraded at the next successful login;
 *   <li>{@code tokens}: see {@link TokenConfig} (audience {@code trustlake}, lifetime 15 minutes,
 *       clock skew 30 seconds, at most 8192 characters);
 *   <li>{@code refresh-lifetime} (12 hours): how long one sign-in can be extended with refresh
 *       tokens before the user must sign in again;
 *   <li>{@code lockout}: see {@link LockoutPolicy};
 *   <li>{@code second-factor-timeout} (2 minutes): how long a sign-in waits for a TOTP code or a
 *       push approval.
 * </ul>
 */
public record AuthConfig(
        Argon2id.Parameters passwordHashing,
        TokenConfig tokens,
        Duration refreshLifetime,
        LockoutPolicy lockout,
        Duration secondFactorTimeout) {
    public static final Argon2id.Parameters DEFAULT_PASSWORD_HASHING = new Argon2id.Parameters(19_456, 2, 1, 32);

    public static AuthConfig defaults() {
        return new AuthConfig(
                DEFAULT_PASSWORD_HASHING,
                TokenConfig.defaults(),
                AuthServices.DEFAULT_REFRESH_LIFETIME,
                LockoutPolicy.defaults(),
                Challenges.DEFAULT_LIFETIME);
    }

    public AuthConfig withPasswordHashing(Argon2id.Parameters parameters) {
        return new AuthConfig(parameters, tokens, refreshLifetime, lockout, secondFactorTimeout);
    }

    public AuthConfig withTokens(TokenConfig newTokens) {
        return new AuthConfig(passwordHashing, newTokens, refreshLifetime, lockout, secondFactorTimeout);
    }

    public AuthConfig withLockout(LockoutPolicy newLockout) {
        return new AuthConfig(passwordHashing, tokens, refreshLifetime, newLockout, secondFactorTimeout);
    }
}
