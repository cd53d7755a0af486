package io.trustlake.common.id;

import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.util.regex.Pattern;

/**
 * Identifier formats. Patient ids are random and unguessable ({@code p-} + 26 characters, 130
 * bits); organisation ids are short slugs; department and user ids are {@code org:name}.
 */
public final class Ids {
    private static final Pattern PATIENT = Pattern.compile("p-[a-z2-9]{26}");
    private static final Pattern ORGANISATION = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern SCOPED = Pattern.compile("[a-z][a-z0-9-]{1,39}:[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern REQUEST = Pattern.compile("[a-z2-9]{26}");
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private Ids() {}

    public static String newPatientId() {
        return "p-" + Randomness.token(26);
    }

    public static String newRequestId() {
        return Randomness.token(26);
    }

    public static boolean isPatientId(String value) {
        return PATIENT.matcher(value).matches();
    }

    public static boolean isOrganisationId(String value) {
        return ORGANISATION.matcher(value).matches();
    }

    /** Department and user ids: {@code organisation:name}. */
    public static boolean isScopedId(String value) {
        return SCOPED.matcher(value).matches();
    }

    public static boolean isRequestId(String value) {
        return REQUEST.matcher(value).matches();
    }

    public static boolean isTag(String value) {
        return TAG.matcher(value).matches();
    }

    public static String requirePatientId(String value) {
        return require(isPatientId(value), value, "patient id");
    }

    public static String requireOrganisationId(String value) {
        return require(isOrganisationId(value), value, "organisation id");
    }

    public static String requireScopedId(String value) {
        return require(isScopedId(value), value, "id");
    }

    public static String requireRequestId(String value) {
        return require(isRequestId(value), value, "request id");
    }

    public static String requireTag(String value) {
        return require(isTag(value), value, "tag");
    }

    /** The organisation part of a scoped id. */
    public static String organisationOf(String scopedId) {
        return scopedId.substring(0, scopedId.indexOf(':'));
    }

    private static String require(boolean ok, String value, String what) {
        if (!ok) {
            throw new TrustlakeException(ErrorCode.INVALID_ID, "malformed " + what + ": " + printable(value));
        }
        return value;
    }

    /** A short, log-safe rendering of untrusted input. */
    public static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("[^A-Za-z0-9:._@/ -]", "?");
    }
}
