package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Account;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.LoginResult;
import io.trustlake.auth.Principal;
import io.trustlake.auth.PublicTokenKey;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in (password, then a TOTP code or a push approval when the account has a second factor),
 * refresh, sign-out, who-am-I, and the node's token keys as a JWK set.
 */
public final class AuthApi {
    private static final int MAX_FIELD = 256;

    private final AuthServices auth;
    private final Authentication authentication;

    public AuthApi(AuthServices auth, Authentication authentication) {
        this.auth = auth;
        this.authentication = authentication;
    }

    public AuthServices services() {
        return auth;
    }

    record Credentials(String username, String password) {}

    record CodeStep(String challengeId, String code) {}

    record ChallengeRef(String challengeId) {}

    record RefreshRequest(String refreshToken) {}

    /**
     * The answer to a sign-in step: {@code SIGNED_IN} with tokens, {@code SECOND_FACTOR_REQUIRED}
     * with a challenge and the methods to choose from, or {@code WAITING} for a push approval.
     */
    public record LoginResponse(
            String status,
            String token,
            String tokenType,
            Instant expiresAt,
            String refreshToken,
            String ledgerProof,
            String userId,
            String role,
            String organisation,
            List<String> departments,
            String patientId,
            String challengeId,
            List<String> methods) {

        static LoginResponse signedIn(LoginResult.Success success) {
            Account account = success.account();
            return new LoginResponse(
                    "SIGNED_IN",
                    success.token().compact(),
                    "Bearer",
                    success.token().expiresAt(),
                    success.refreshToken(),
                    success.token().ledgerProof(),
                    account.userId(),
                    account.role().name(),
                    account.organisationId(),
                    account.departments(),
                    account.patientId().orElse(""),
                    "",
                    List.of());
        }

        static LoginResponse pending(String status, String challengeId, List<String> methods, Instant expiresAt) {
            return new LoginResponse(
                    status, "", "", expiresAt, "", "", "", "", "", List.of(), "", challengeId, methods);
        }

        public boolean signedIn() {
            return status.equals("SIGNED_IN");
        }
    }

    /** Who the caller is, as their token says. */
    public record Me(
            String userId,
            String role,
            String organisation,
            List<String> departments,
            String patientId,
            List<String> authenticationMethods,
            Instant expiresAt) {
        static Me of(Principal p) {
            return new Me(
                    p.userId(),
                    p.role().name(),
                    p.organisationId(),
                    p.departments(),
                    p.patientIdOrEmpty(),
                    p.authenticationMethods(),
                    p.expiresAt());
        }
    }

    public void login(Context ctx) {
        Credentials credentials = Json.parseInput(ctx.bodyAsBytes(), Credentials.class);
        try {
            Responses.ok(ctx, login(credentials.username(), credentials.password(), ctx.ip()));
        } catch (TooManyAttempts e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            throw e;
        }
    }

    /** Checks the password; wrong credentials give 401 with one message whatever was wrong. */
    public LoginResponse login(String username, String password, String clientAddress) {
        if (username == null
                || password == null
                || username.isBlank()
                || username.length() > MAX_FIELD
                || password.length() > MAX_FIELD) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "username and password are required (at most 256 characters each)");
        }
        return answer(auth.authenticator().login(username.trim(), password, clientAddress));
    }

    public void totp(Context ctx) {
        CodeStep step = Json.parseInput(ctx.bodyAsBytes(), CodeStep.class);
        Responses.ok(ctx, totp(required(step.challengeId(), "challengeId"), required(step.code(), "code")));
    }

    public LoginResponse totp(String challengeId, String code) {
        return answer(auth.secondFactors().totp(challengeId, code));
    }

    public void requestPush(Context ctx) {
        ChallengeRef ref = Json.parseInput(ctx.bodyAsBytes(), ChallengeRef.class);
        LoginResponse response = requestPush(required(ref.challengeId(), "challengeId"));
        Responses.json(ctx, 202, response);
    }

    public LoginResponse requestPush(String challengeId) {
        return answer(auth.secondFactors().requestPush(challengeId));
    }

    public void pushStatus(Context ctx) {
        LoginResponse response = pushStatus(ctx.pathParam("challengeId"));
        Responses.json(ctx, response.signedIn() ? 200 : 202, response);
    }

    public LoginResponse pushStatus(String challengeId) {
        return answer(auth.secondFactors().pushStatus(challengeId));
    }

    /** A signed-in device of the same user approves or refuses a waiting sign-in. */
    public void answerPush(Context ctx, boolean approve) {
        Principal principal = authentication.require(ctx);
        if (!auth.secondFactors().answerPush(principal, ctx.pathParam("challengeId"), approve)) {
            throw new TrustlakeException(
                    ErrorCode.NOT_FOUND, "no sign-in of yours is waiting with that id (it may have timed out)");
        }
        Responses.ok(ctx, Map.of("challengeId", ctx.pathParam("challengeId"), "approved", approve));
    }

    public void refresh(Context ctx) {
        RefreshRequest request = Json.parseInput(ctx.bodyAsBytes(), RefreshRequest.class);
        Responses.ok(ctx, refresh(required(request.refreshToken(), "refreshToken"), ctx.ip()));
    }

    public LoginResponse refresh(String refreshToken, String clientAddress) {
        return answer(auth.sessions().refresh(refreshToken, clientAddress));
    }

    /** Signs out: the access token and the refresh token (if sent) stop working. */
    public void logout(Context ctx) {
        Principal principal = authentication.require(ctx);
        Optional<String> refresh = ctx.body().isBlank()
                ? Optional.empty()
                : Optional.ofNullable(
                        Json.parseInput(ctx.bodyAsBytes(), RefreshRequest.class).refreshToken());
        auth.sessions().logout(principal, refresh, ctx.ip());
        ctx.status(204);
    }

    public void me(Context ctx) {
        Responses.ok(ctx, Me.of(authentication.require(ctx)));
    }

    /** This node's token-signing keys as an RFC 7517 JWK set (RFC 8037 OKP keys). */
    public void jwks(Context ctx) {
        PublicTokenKey key = auth.signingKey();
        Map<String, String> jwk = Map.of(
                "kty", "OKP",
                "crv", "Ed25519",
                "use", "sig",
                "alg", "EdDSA",
                "kid", key.kid(),
                "x", Base64Url.encode(key.publicKey()));
        ctx.header("Cache-Control", "public, max-age=300");
        Responses.ok(ctx, Map.of("keys", List.of(jwk)));
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank() || value.length() > MAX_FIELD) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, name + " is required (at most 256 characters)");
        }
        return value.trim();
    }

    /** Turns a sign-in outcome into the response, or into the one failure each reason deserves. */
    static LoginResponse answer(LoginResult result) {
        if (result instanceof LoginResult.Success success) {
            return LoginResponse.signedIn(success);
        }
        if (result instanceof LoginResult.SecondFactorRequired required) {
            return LoginResponse.pending(
                    "SECOND_FACTOR_REQUIRED", required.challengeId(), required.methods(), required.expiresAt());
        }
        if (result instanceof LoginResult.Waiting waiting) {
            return LoginResponse.pending("WAITING", waiting.challengeId(), List.of("push"), waiting.expiresAt());
        }
        if (result instanceof LoginResult.LockedOut locked) {
            throw new TooManyAttempts(locked.retryAfter().toSeconds());
        }
        throw new TrustlakeException(failureCode(result), failureMessage(((LoginResult.Failure) result).reason()));
    }

    private static ErrorCode failureCode(LoginResult result) {
        LoginResult.Reason reason = ((LoginResult.Failure) result).reason();
        return reason == LoginResult.Reason.METHOD_NOT_ENROLLED ? ErrorCode.BAD_REQUEST : ErrorCode.INVALID_CREDENTIALS;
    }

    static String failureMessage(LoginResult.Reason reason) {
        return switch (reason) {
            case UNKNOWN_USER_OR_WRONG_PASSWORD -> "the username or password is wrong";
            case ACCOUNT_DISABLED -> "this account is disabled; ask your organisation's administrator";
            case WRONG_CODE -> "the code is wrong or was already used; wait for the next code";
            case CHALLENGE_EXPIRED -> "the sign-in timed out; enter your password again";
            case PUSH_DENIED -> "the sign-in was refused from your other device";
            case METHOD_NOT_ENROLLED -> "that second factor is not set up for this account";
            case REFRESH_TOKEN_INVALID -> "the session has ended; sign in again";
        };
    }

    /** A lock-out: 429 with the seconds to wait. */
    public static final class TooManyAttempts extends TrustlakeException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super(
                    ErrorCode.TOO_MANY_ATTEMPTS,
                    "too many failed sign-ins; try again in " + Math.max(1, retryAfterSeconds) + " seconds");
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
