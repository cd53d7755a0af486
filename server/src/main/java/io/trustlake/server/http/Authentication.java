package io.trustlake.server.http;

import io.javalin.http.Context;
import io.trustlake.auth.KeyDirectory;
import io.trustlake.auth.LedgerProofs;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.auth.SecurityEvent;
import io.trustlake.auth.SecurityEvents;
import io.trustlake.auth.TokenCheck;
import io.trustlake.auth.TokenVerifier;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and verifies the caller's token: the {@code Authorization: Bearer} header, or for portal
 * pages the session cookie. Refusals are logged with their reason, never with the token.
 */
public final class Authentication {
    public static final String SESSION_COOKIE = "tl_session";
    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

    /** The header in which a client sends its ledger proof to another organisation's node. */
    public static final String LEDGER_PROOF_HEADER = "Trustlake-Ledger-Proof";

    private final TokenVerifier verifier;
    private final KeyDirectory tokenKeys;
    private final SecurityEvents events;
    private final Clock clock;

    /**
     * @param tokenKeys the members' token keys, to check ledger proofs with
     */
    public Authentication(TokenVerifier verifier, KeyDirectory tokenKeys, SecurityEvents events, Clock clock) {
        this.verifier = verifier;
        this.tokenKeys = tokenKeys;
        this.events = events;
        this.clock = clock;
    }

    public Principal require(Context ctx) {
        String token = token(ctx);
        if (token.isEmpty()) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "sign in first: this needs a bearer token");
        }
        TokenCheck check = verifier.verify(token);
        if (!(check instanceof TokenCheck.Valid valid)) {
            refused(ctx, "token", "", ((TokenCheck.Invalid) check).reason().name());
            throw new TrustlakeException(ErrorCode.INVALID_TOKEN, "the access token is not valid; sign in again");
        }
        String proof = ctx.header(LEDGER_PROOF_HEADER);
        if (proof == null || proof.isBlank()) {
            return valid.principal();
        }
        TokenCheck proofCheck = LedgerProofs.check(proof.trim(), tokenKeys, clock.instant());
        if (proofCheck instanceof TokenCheck.Valid validProof
                && LedgerProofs.sameUser(validProof.principal(), valid.principal())) {
            return valid.principal().withLedgerProof(proof.trim());
        }
        String reason = proofCheck instanceof TokenCheck.Invalid invalid
                ? invalid.reason().name()
                : "OTHER_USER";
        refused(ctx, "ledger proof", valid.principal().userId(), reason);
        throw new TrustlakeException(
                ErrorCode.INVALID_TOKEN,
                "the ledger proof is not valid for this access token; sign in again and send the ledgerProof that came"
                        + " with it");
    }

    private void refused(Context ctx, String what, String userId, String reason) {
        LOG.warn("Refused {} on {} {}: {}", what, ctx.method(), Ids.printable(ctx.path()), reason);
        events.record(new SecurityEvent(
                clock.instant(),
                SecurityEvent.Type.TOKEN_REFUSED,
                userId,
                ctx.ip(),
                what + " refused (" + reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ") on "
                        + ctx.method() + " " + Ids.printable(ctx.path())));
    }

    /** The principal of a token, if it is valid. */
    public java.util.Optional<Principal> verify(String token) {
        return verifier.verify(token) instanceof TokenCheck.Valid valid
                ? java.util.Optional.of(valid.principal())
                : java.util.Optional.empty();
    }

    /** The verified principal, if the caller presented a valid token. */
    public java.util.Optional<Principal> optional(Context ctx) {
        String token = token(ctx);
        if (token.isEmpty() || !(verifier.verify(token) instanceof TokenCheck.Valid valid)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(valid.principal());
    }

    /** Only the patient themself may act on their own patient resources. */
    public static void requireThePatient(Principal principal, String patientId) {
        Ids.requirePatientId(patientId);
        if (principal.role() != Role.PATIENT
                || !principal.patientId().map(patientId::equals).orElse(false)) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "only the patient can see or change this");
        }
    }

    public static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (!ctx.path().startsWith("/api/") && !ctx.path().startsWith("/internal/")) {
            String cookie = ctx.cookie(SESSION_COOKIE);
            return cookie == null ? "" : cookie;
        }
        return "";
    }
}
