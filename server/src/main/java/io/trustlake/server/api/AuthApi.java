package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Authenticator;
import io.trustlake.auth.LoginResult;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in with a password, and who-am-I. */
public final class AuthApi {
    private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);
    private static final int MAX_FIELD = 256;

    private final Authenticator authenticator;
    private final Authentication authentication;

    public AuthApi(Authenticator authenticator, Authentication authentication) {
        this.authenticator = authenticator;
        this.authentication = authentication;
    }

    record Credentials(String username, String password) {}

    /** The answer to a successful sign-in. */
    public record LoginResponse(
            String token,
            String tokenType,
            Instant expiresAt,
            String userId,
            String role,
            String organisation,
            List<String> departments,
            String patientId) {}

    /** Who the caller is, as their token says. */
    public record Me(
            String userId,
            String role,
            String organisation,
            List<String> departments,
            String patientId,
            Instant expiresAt) {
        static Me of(Principal p) {
            return new Me(
                    p.userId(),
                    p.role().name(),
                    p.organisationId(),
                    p.departments(),
                    p.patientIdOrEmpty(),
                    p.expiresAt());
        }
    }

    public void login(Context ctx) {
        Credentials credentials = Json.parseInput(ctx.bodyAsBytes(), Credentials.class);
        Responses.ok(ctx, login(credentials.username(), credentials.password()));
    }

    /** Signs in; wrong credentials give 401 with one message whatever was wrong. */
    public LoginResponse login(String username, String password) {
        if (username == null
                || password == null
                || username.isBlank()
                || username.length() > MAX_FIELD
                || password.length() > MAX_FIELD) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "username and password are required (at most 256 characters each)");
        }
        LoginResult result = authenticator.login(username.trim(), password);
        if (result instanceof LoginResult.Success success) {
            var account = success.account();
            LOG.info("Sign-in of {}", account.userId());
            return new LoginResponse(
                    success.token().compact(),
                    "Bearer",
                    success.token().expiresAt(),
                    account.userId(),
                    account.role().name(),
                    account.organisationId(),
                    account.departments(),
                    account.patientId().orElse(""));
        }
        LOG.info("Failed sign-in: {}", ((LoginResult.Failure) result).reason());
        throw new TrustlakeException(ErrorCode.INVALID_CREDENTIALS, "the username or password is wrong");
    }

    public void me(Context ctx) {
        Responses.ok(ctx, Me.of(authentication.require(ctx)));
    }
}
