package io.trustlake.auth;

import java.util.List;

/**
 * The pictures of graphical passwords: 36 drawings shipped with the project, 9 in each of 4
 * categories. An id is {@code category-name}; the server serves {@code pictures/<id>.svg}. The
 * list is part of the stored hashes' meaning: never rename or remove an id.
 */
public final class Pictures {
    public static final List<String> ALL = List.of(
            "animals-cat",
            "animals-dog",
            "animals-fish",
            "animals-bird",
            "animals-snail",
            "animals-turtle",
            "animals-rabbit",
            "animals-owl",
            "animals-bee",
            "food-apple",
            "food-pear",
            "food-cherries",
            "food-banana",
            "food-carrot",
            "food-bread",
            "food-cheese",
            "food-grapes",
            "food-icecream",
            "places-house",
            "places-mountain",
            "places-beach",
            "places-castle",
            "places-bridge",
            "places-forest",
            "places-lighthouse",
            "places-tent",
            "places-city",
            "objects-key",
            "objects-umbrella",
            "objects-cup",
            "objects-clock",
            "objects-lamp",
            "objects-scissors",
            "objects-book",
            "objects-bicycle",
            "objects-guitar");

    /** Pictures per row of the grid the portal shows. */
    public static final int COLUMNS = 6;

    private Pictures() {}

    public static String category(String id) {
        return id.substring(0, id.indexOf('-'));
    }

    public static long categoryCount() {
        return ALL.stream().map(Pictures::category).distinct().count();
    }
}
