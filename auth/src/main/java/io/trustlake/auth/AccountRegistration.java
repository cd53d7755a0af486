package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import java.time.Clock;

/**
 * Creates accounts with a text password. Password strength rules arrive with the strength-meter
 * issue; for now only an empty password is refused. Thread-safe.
 */
public final class AccountRegistration {
    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountRegistration(AccountStore accounts, PasswordHasher hasher, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * Stores a new active account; {@code CONFLICT} if the organisation already has the username,
     * {@code INVALID_ID} or {@code BAD_REQUEST} if the request breaks an {@link Account} invariant.
     */
    public Account register(NewAccount request, String password) {
        if (password.isEmpty()) {
            throw new AuthException(ErrorCode.BAD_REQUEST, "password must not be empty");
        }
        Account account = new Account(
                request.userId(),
                request.username(),
                request.displayName(),
                request.role(),
                request.organisationId(),
                request.departments(),
                request.patientIdOrEmpty(),
                hasher.hash(password),
                AccountStatus.ACTIVE,
                clock.instant());
        accounts.create(account);
        return account;
    }
}
