package io.trustlake.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Signed-in sessions of one organisation's accounts: an access token (short-lived, verified by
 * every node on its own) plus a refresh token (kept by this node, rotated on every use). Sign-out
 * revokes both; a password change or an admin revokes all of an account's sessions, including
 * access tokens already issued (on this node at once; other nodes refuse them when they expire).
 * Thread-safe.
 */
public final class Sessions {
    private final AccountStore accounts;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final InMemoryRevocationList revocations;
    private final SecurityEvents events;
    private final Clock clock;

    /** The parts a session store needs, wired by the composition root. */
    public record Parts(
            AccountStore accounts,
            TokenIssuer issuer,
            RefreshTokens refreshTokens,
            InMemoryRevocationList revocations,
            SecurityEvents events,
            Clock clock) {}

    public Sessions(Parts parts) {
        this.accounts = parts.accounts();
        this.issuer = parts.issuer();
        this.refreshTokens = parts.refreshTokens();
        this.revocations = parts.revocations();
        this.events = parts.events();
        this.clock = parts.clock();
    }

    public String organisationId() {
        return issuer.organisationId();
    }

    /** Signs the account in with the given {@code amr} methods and records the event. */
    public LoginResult.Success start(Account account, List<String> methods, String clientAddress) {
        IssuedToken token = issuer.issue(account, methods);
        String refresh = refreshTokens.start(account.userId(), methods);
        events.record(new SecurityEvent(
                clock.instant(),
                SecurityEvent.Type.LOGIN_SUCCEEDED,
                account.userId(),
                clientAddress,
                "signed in with " + String.join("+", methods)));
        return new LoginResult.Success(account, token, refresh);
    }

    /** Exchanges a refresh token for a new access token and the next refresh token. */
    public LoginResult refresh(String refreshToken, String clientAddress) {
        RefreshTokens.Result result = refreshTokens.rotate(refreshToken);
        Optional<Account> account = result.rotation().flatMap(r -> accounts.findByUserId(r.userId()));
        if (result.rotation().isEmpty() || account.isEmpty() || account.get().status() != AccountStatus.ACTIVE) {
            String reason = result.refusal().map(Enum::name).orElse("ACCOUNT_DISABLED");
            events.record(new SecurityEvent(
                    clock.instant(),
                    SecurityEvent.Type.REFRESH_REFUSED,
                    result.userIdOrEmpty(),
                    clientAddress,
                    "refresh token refused: " + reason));
            return new LoginResult.Failure(LoginResult.Reason.REFRESH_TOKEN_INVALID);
        }
        RefreshTokens.Rotation rotation = result.rotation().get();
        IssuedToken token = issuer.issue(account.get(), rotation.methods());
        return new LoginResult.Success(account.get(), token, rotation.nextToken());
    }

    /** Signs out: revokes the access token and the refresh token's family. */
    public void logout(Principal principal, Optional<String> refreshToken, String clientAddress) {
        revocations.revoke(principal.tokenId(), principal.expiresAt());
        refreshToken.ifPresent(refreshTokens::revoke);
        events.record(new SecurityEvent(
                clock.instant(), SecurityEvent.Type.LOGGED_OUT, principal.userId(), clientAddress, "signed out"));
    }

    /** Ends every session of an account (password change, admin); access tokens issued so far stop working here. */
    public void revokeAll(String userId, String why, String clientAddress) {
        int families = refreshTokens.revokeAll(userId);
        revocations.revokeUserUntil(userId, clock.instant());
        events.record(new SecurityEvent(
                clock.instant(),
                SecurityEvent.Type.SESSIONS_REVOKED,
                userId,
                clientAddress,
                why + " (" + families + " sessions ended)"));
    }
}
