package io.trustlake.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The second factors an account has enrolled. Immutable.
 *
 * @param totpSecretOrEmpty the base32 TOTP secret, empty when TOTP is not enrolled
 * @param totpLastStep the last TOTP step accepted, so a code is never accepted twice
 * @param push whether sign-ins may be approved from a device where the user is already signed in
 */
public record SecondFactors(String totpSecretOrEmpty, long totpLastStep, boolean push) {
    public static final SecondFactors NONE = new SecondFactors("", Long.MIN_VALUE, false);

    /** Method names as the API shows them. */
    public static final String TOTP = "totp";

    public static final String PUSH = "push";

    public SecondFactors {
        Objects.requireNonNull(totpSecretOrEmpty, "totpSecretOrEmpty");
    }

    public boolean any() {
        return hasTotp() || push;
    }

    public boolean hasTotp() {
        return !totpSecretOrEmpty.isEmpty();
    }

    /** The enrolled methods, {@code totp} before {@code push}. */
    public List<String> methods() {
        List<String> methods = new ArrayList<>();
        if (hasTotp()) {
            methods.add(TOTP);
        }
        if (push) {
            methods.add(PUSH);
        }
        return List.copyOf(methods);
    }

    public SecondFactors withTotp(String secret) {
        return new SecondFactors(secret, Long.MIN_VALUE, push);
    }

    public SecondFactors withTotpUsed(long step) {
        return new SecondFactors(totpSecretOrEmpty, step, push);
    }

    public SecondFactors withPush(boolean enabled) {
        return new SecondFactors(totpSecretOrEmpty, totpLastStep, enabled);
    }

    /** Leaves the secret out, so the factors may be logged. */
    @Override
    public String toString() {
        return "SecondFactors" + methods();
    }
}
