package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PictureStrengthTest {
    /** Positions far apart in a 6-column grid: no two neighbours. */
    private static final List<Integer> SCATTERED = List.of(0, 14, 4, 30, 20, 35);

    @Test
    void sixPicturesOfMixedKindsFromAllOverTheGridAreAccepted() {
        PictureStrength.Rating rating = PictureStrength.rate(
                List.of("animals-cat", "food-pear", "places-tent", "objects-key", "animals-owl", "food-bread"),
                SCATTERED);
        assertThat(rating.acceptable()).isTrue();
        assertThat(rating.bits()).isGreaterThan(30);
        assertThat(rating.reason()).isEmpty();
    }

    @Test
    void tooFewPicturesAreRefused() {
        PictureStrength.Rating rating =
                PictureStrength.rate(List.of("animals-cat", "food-pear", "places-tent"), List.of(0, 14, 4));
        assertThat(rating.acceptable()).isFalse();
        assertThat(rating.reason()).isEqualTo("choose at least 6 pictures");
    }

    @Test
    void allFromOneCategoryIsRefusedWithThatReason() {
        PictureStrength.Rating rating = PictureStrength.rate(
                List.of("animals-cat", "animals-dog", "animals-fish", "animals-bird", "animals-owl", "animals-bee"),
                SCATTERED);
        assertThat(rating.bits()).isLessThan(PictureStrength.MIN_BITS);
        assertThat(rating.reason()).contains("all of one kind");
    }

    @Test
    void aPathAcrossTheGridIsRefusedWithThatReason() {
        PictureStrength.Rating rating = PictureStrength.rate(
                List.of("animals-cat", "food-pear", "places-tent", "objects-key", "animals-owl", "food-bread"),
                List.of(0, 1, 2, 3, 4, 5));
        assertThat(rating.acceptable()).isFalse();
        assertThat(rating.reason()).contains("path across the grid");
    }

    @Test
    void repeatingOnePictureIsRefused() {
        PictureStrength.Rating rating = PictureStrength.rate(
                List.of("animals-cat", "animals-cat", "animals-cat", "food-pear", "food-pear", "food-pear"),
                List.of(0, 0, 0, 14, 14, 14));
        assertThat(rating.acceptable()).isFalse();
    }

    @Test
    void neighboursIncludeDiagonalsButNotWrapAround() {
        assertThat(PictureStrength.adjacent(0, 7)).isTrue();
        assertThat(PictureStrength.adjacent(5, 6)).isFalse();
        assertThat(PictureStrength.adjacent(3, 3)).isFalse();
    }
}
