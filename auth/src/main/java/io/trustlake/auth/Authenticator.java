package io.trustlake.auth;

import io.trustlake.common.id.Ids;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs in the accounts of one organisation (the issuer's) with a username and a text password.
 * An unknown username and a wrong password give the same {@link LoginResult.Failure} after about the
 * same time (a dummy Argon2id hash is computed for unknown users). A stored hash made with outdated
 * parameters is replaced at a successful login. Second factors and lock-out will hook in here.
 *
 * <p>Thread-safe. Logs name user ids only, never usernames typed by clients, passwords or tokens.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;

    public Authenticator(AccountStore accounts, PasswordHasher hasher, TokenIssuer issuer) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.issuer = issuer;
    }

    /**
     * Checks the password of an account of the issuer's organisation and issues a token.
     *
     * @param username case-insensitive username within the issuer's organisation
     */
    public LoginResult login(String username, String password) {
        Optional<Account> found = lookUp(username);
        if (found.isEmpty()) {
            hasher.simulateVerification(password);
            LOG.info("sign-in refused: unknown user in {}", issuer.organisationId());
            return new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD);
        }
        Account account = found.get();
        if (!hasher.verify(password, account.passwordHash())) {
            LOG.info("sign-in refused for {}: wrong password", account.userId());
            return new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD);
        }
        if (account.status() != AccountStatus.ACTIVE) {
            LOG.info("sign-in refused for {}: account {}", account.userId(), account.status());
            return new LoginResult.Failure(LoginResult.Reason.ACCOUNT_DISABLED);
        }
        Account current = upgradeHashIfOutdated(account, password);
        IssuedToken token = issuer.issue(current);
        LOG.info("signed in {} (token {})", current.userId(), token.tokenId());
        return new LoginResult.Success(current, token);
    }

    private Optional<Account> lookUp(String username) {
        String userId = issuer.organisationId() + ":" + username.toLowerCase(Locale.ROOT);
        return Ids.isScopedId(userId) ? accounts.findByUserId(userId) : Optional.empty();
    }

    private Account upgradeHashIfOutdated(Account account, String password) {
        if (!hasher.needsRehash(account.passwordHash())) {
            return account;
        }
        String upgraded = hasher.hash(password);
        if (!accounts.replacePasswordHash(account.userId(), account.passwordHash(), upgraded)) {
            return account;
        }
        LOG.info("upgraded the password hash parameters of {}", account.userId());
        return account.withPasswordHash(upgraded);
    }
}
