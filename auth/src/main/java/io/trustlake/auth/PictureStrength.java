package io.trustlake.auth;

import java.util.List;

/**
 * How hard a picture sequence is to guess, in bits: each pick from the whole grid is worth
 * log2(36) bits, discounted when it is predictable: the same picture again (0 bits), a neighbour of
 * the previous pick in the grid as the user saw it (3 bits: people trace shapes), or the same
 * category as the previous pick (log2 9). A sequence all from one category is capped at log2(9)
 * bits a pick. Sequences under {@link #MIN_PICTURES} pictures or {@link #MIN_BITS} bits are
 * refused with the main reason. Stateless.
 */
public final class PictureStrength {
    public static final int MIN_PICTURES = 6;
    public static final int MAX_PICTURES = 16;
    public static final double MIN_BITS = 28;

    private PictureStrength() {}

    /** A rating: bits, whether it is accepted, and if not, why (plain language). */
    public record Rating(double bits, boolean acceptable, String reason) {}

    /**
     * Rates a choice made on a layout.
     *
     * @param pictures the chosen pictures in order
     * @param positions where each was in the grid the user picked from (same length)
     */
    public static Rating rate(List<String> pictures, List<Integer> positions) {
        double full = log2(Pictures.ALL.size());
        double inCategory = log2((double) Pictures.ALL.size() / Pictures.categoryCount());
        double bits = pictures.isEmpty() ? 0 : full;
        int repeats = 0;
        int neighbours = 0;
        for (int i = 1; i < pictures.size(); i++) {
            if (pictures.get(i).equals(pictures.get(i - 1))) {
                repeats++;
            } else if (adjacent(positions.get(i - 1), positions.get(i))) {
                neighbours++;
                bits += 3;
            } else if (Pictures.category(pictures.get(i)).equals(Pictures.category(pictures.get(i - 1)))) {
                bits += inCategory;
            } else {
                bits += full;
            }
        }
        boolean oneCategory =
                pictures.stream().map(Pictures::category).distinct().count() == 1;
        if (oneCategory) {
            bits = Math.min(bits, pictures.size() * inCategory);
        }
        return new Rating(
                Math.round(bits * 10) / 10.0,
                acceptable(pictures, bits),
                reason(pictures, bits, oneCategory, repeats, neighbours));
    }

    private static boolean acceptable(List<String> pictures, double bits) {
        return pictures.size() >= MIN_PICTURES && pictures.size() <= MAX_PICTURES && bits >= MIN_BITS;
    }

    private static String reason(List<String> pictures, double bits, boolean oneCategory, int repeats, int neighbours) {
        if (pictures.size() < MIN_PICTURES) {
            return "choose at least " + MIN_PICTURES + " pictures";
        }
        if (pictures.size() > MAX_PICTURES) {
            return "choose at most " + MAX_PICTURES + " pictures";
        }
        if (bits >= MIN_BITS) {
            return "";
        }
        if (oneCategory) {
            return "the pictures are all of one kind; mix animals, food, places and objects";
        }
        if (neighbours * 2 >= pictures.size() - 1) {
            return "the pictures follow a path across the grid; pick them from all over";
        }
        if (repeats > 0) {
            return "the same picture is repeated; choose different ones";
        }
        return "too easy to guess; add more pictures or mix kinds";
    }

    static boolean adjacent(int a, int b) {
        int rowA = a / Pictures.COLUMNS;
        int rowB = b / Pictures.COLUMNS;
        int colA = a % Pictures.COLUMNS;
        int colB = b % Pictures.COLUMNS;
        return a != b && Math.abs(rowA - rowB) <= 1 && Math.abs(colA - colB) <= 1;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
