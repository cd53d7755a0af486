package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordStrengthTest {
    @Test
    void commonPasswordsAreRefusedWithAReason() {
        PasswordStrength.Rating rating = PasswordStrength.rate("password123", List.of());
        assertThat(rating.acceptable()).isFalse();
        assertThat(rating.reason()).isNotBlank();
    }

    @Test
    void shortPasswordsAreRefusedWhateverTheirCharacters() {
        assertThat(PasswordStrength.rate("x7#Qk!", List.of()).reason()).isEqualTo("use at least 10 characters");
    }

    @Test
    void theUsersOwnNameCountsAsAKnownWord() {
        double unknown = PasswordStrength.rate("zwqxkrtplmvb", List.of()).guessesLog10();
        double known = PasswordStrength.rate("zwqxkrtplmvb", List.of("zwqxkr")).guessesLog10();
        assertThat(known).isLessThan(unknown - 2);
    }

    @Test
    void aLongPassphraseIsAccepted() {
        PasswordStrength.Rating rating = PasswordStrength.rate("violet tractor sings under ice", List.of());
        assertThat(rating.acceptable()).isTrue();
        assertThat(rating.score()).isGreaterThanOrEqualTo(3);
    }
}
