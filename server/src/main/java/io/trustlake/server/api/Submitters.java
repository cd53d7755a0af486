package io.trustlake.server.api;

import io.trustlake.auth.Principal;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.Submission;
import java.util.Map;

/** Turns principals into ledger submitters and ledger refusals into API errors. */
public final class Submitters {
    private Submitters() {}

    /** Where a transaction landed on the ledger, as shown to clients. */
    public record LedgerPosition(long logIndex, long blockNumber, String txId) {
        public static LedgerPosition of(TxReceipt receipt) {
            return new LedgerPosition(receipt.logIndex(), receipt.blockNumber(), receipt.txId());
        }
    }

    public static Submitter of(Principal principal) {
        return new Submitter(
                principal.userId(),
                principal.organisationId(),
                principal.role().name(),
                principal.patientIdOrEmpty(),
                principal.departments());
    }

    /**
     * Submits for the signed-in user. At another organisation's node (the user's own being down),
     * only with the user's ledger proof, which goes into the transaction for every peer to check;
     * without it the request is refused with a plain 403 before anything is ordered.
     */
    public static Submission submit(Gateway gateway, String type, Object payload, Principal principal) {
        if (!principal.organisationId().equals(gateway.organisation())
                && principal.ledgerProof().isEmpty()) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN,
                    "this node records changes for users of " + principal.organisationId()
                            + " only with their ledger proof: send the ledgerProof you received when you signed in"
                            + " in the " + io.trustlake.server.http.Authentication.LEDGER_PROOF_HEADER
                            + " header, or use " + principal.organisationId()
                            + "'s own node");
        }
        return gateway.submit(type, payload, of(principal), principal.ledgerProof());
    }

    private static final Map<String, ErrorCode> CODES = Map.ofEntries(
            Map.entry("UNVOUCHED_SUBMITTER", ErrorCode.FORBIDDEN),
            Map.entry("NOT_OWNER", ErrorCode.FORBIDDEN),
            Map.entry("INVALID_RULE", ErrorCode.INVALID_RULE),
            Map.entry("UNKNOWN_GRANTEE", ErrorCode.INVALID_RULE),
            Map.entry("MALFORMED_PAYLOAD", ErrorCode.BAD_REQUEST),
            Map.entry("INVALID_REQUEST", ErrorCode.BAD_REQUEST),
            Map.entry("RULE_EXISTS", ErrorCode.CONFLICT),
            Map.entry("ALREADY_REVOKED", ErrorCode.CONFLICT),
            Map.entry("DUPLICATE_REQUEST", ErrorCode.CONFLICT),
            Map.entry("UNKNOWN_RULE", ErrorCode.NOT_FOUND),
            Map.entry("UNKNOWN_VERSION", ErrorCode.NOT_FOUND),
            Map.entry("ALREADY_CURRENT", ErrorCode.CONFLICT),
            Map.entry("INVALID_DELEGATE", ErrorCode.BAD_REQUEST),
            Map.entry("UNKNOWN_DELEGATE", ErrorCode.NOT_FOUND),
            Map.entry("JUSTIFICATION_REQUIRED", ErrorCode.BAD_REQUEST),
            Map.entry("NOT_ADMIN", ErrorCode.FORBIDDEN),
            Map.entry("UNKNOWN_OVERRIDE", ErrorCode.NOT_FOUND),
            Map.entry("ALREADY_REVIEWED", ErrorCode.CONFLICT),
            Map.entry("INVALID_REVIEW", ErrorCode.BAD_REQUEST),
            Map.entry("NOT_ALLOWED", ErrorCode.FORBIDDEN),
            Map.entry("UNKNOWN_REQUEST", ErrorCode.NOT_FOUND),
            Map.entry("ALREADY_DECIDED", ErrorCode.CONFLICT),
            Map.entry("INVALID_IDENTITY_PROVIDER", ErrorCode.BAD_REQUEST),
            Map.entry("ISSUER_TAKEN", ErrorCode.CONFLICT),
            Map.entry("UNKNOWN_IDENTITY_PROVIDER", ErrorCode.NOT_FOUND));

    /** The committed receipt, or the contract's refusal as an exception with a matching status. */
    public static TxReceipt committed(Submission submission) {
        if (submission instanceof Submission.Committed committed) {
            return committed.receipt();
        }
        Submission.Refused refused = (Submission.Refused) submission;
        throw new TrustlakeException(CODES.getOrDefault(refused.code(), ErrorCode.LEDGER_REJECTED), refused.reason());
    }
}
