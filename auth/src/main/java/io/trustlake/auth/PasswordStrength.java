package io.trustlake.auth;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.List;
import java.util.Locale;

/**
 * How hard a text password is to guess, by zxcvbn (dictionaries, keyboard patterns, dates,
 * repeats; the user's own name and organisation count as known words). Score 0–4; below {@link
 * #MIN_SCORE} (about 10^8 guesses) a password is refused with zxcvbn's warning as the reason.
 * Thread-safe (a fresh estimator per call).
 */
public final class PasswordStrength {
    public static final int MIN_SCORE = 3;
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;

    private PasswordStrength() {}

    /** A rating: zxcvbn's score, log10 of the guesses, acceptance, the reason and suggestions. */
    public record Rating(int score, double guessesLog10, boolean acceptable, String reason, List<String> suggestions) {
        public Rating {
            suggestions = List.copyOf(suggestions);
        }
    }

    /**
     * Rates a password.
     *
     * @param knownWords words an attacker would try first: the username, display name, organisation
     */
    public static Rating rate(String password, List<String> knownWords) {
        if (password.length() > MAX_LENGTH) {
            return new Rating(0, 0, false, "use at most " + MAX_LENGTH + " characters", List.of());
        }
        Strength strength = new Zxcvbn().measure(password, knownWords);
        double guesses = Math.round(strength.getGuessesLog10() * 10) / 10.0;
        List<String> suggestions = strength.getFeedback().getSuggestions(Locale.ENGLISH);
        if (password.length() < MIN_LENGTH) {
            return new Rating(
                    strength.getScore(), guesses, false, "use at least " + MIN_LENGTH + " characters", suggestions);
        }
        if (strength.getScore() < MIN_SCORE) {
            String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
            String reason = warning == null || warning.isBlank() ? "too easy to guess" : warning;
            return new Rating(strength.getScore(), guesses, false, reason, suggestions);
        }
        return new Rating(strength.getScore(), guesses, true, "", suggestions);
    }
}
