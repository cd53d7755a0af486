package io.trustlake.auth;

import io.trustlake.common.crypto.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time shuffled layouts of the picture grid. Each sign-in or enrolment attempt gets a fresh
 * random order under an unguessable id; the client sends back positions, never picture ids, and
 * the pictures are served by position, so nothing the browser sends or receives names a picture.
 * A layout is spent by the attempt that uses it and expires after five minutes. Held in memory,
 * at most {@link #MAX_LIVE} at a time (the oldest are dropped). Thread-safe.
 */
public final class PictureLayouts {
    static final int MAX_LIVE = 10_000;
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Layout> live = new ConcurrentHashMap<>();

    public PictureLayouts(Clock clock) {
        this.clock = clock;
    }

    /** A shuffled order of every picture, valid until {@code expiresAt}. */
    public record Layout(String id, List<String> order, Instant expiresAt) {
        public Layout {
            order = List.copyOf(order);
        }

        /** The pictures at the given positions, or empty if a position is outside the grid. */
        public Optional<List<String>> pictures(List<Integer> positions) {
            List<String> chosen = new ArrayList<>();
            for (Integer position : positions) {
                if (position == null || position < 0 || position >= order.size()) {
                    return Optional.empty();
                }
                chosen.add(order.get(position));
            }
            return Optional.of(chosen);
        }
    }

    public Layout issue() {
        List<String> order = new ArrayList<>(Pictures.ALL);
        Collections.shuffle(order, Randomness.secureRandom());
        return issue(order);
    }

    /** A layout in a given order (tests choose positions deliberately). */
    Layout issue(List<String> order) {
        Instant now = clock.instant();
        if (live.size() >= MAX_LIVE) {
            live.values().removeIf(l -> !now.isBefore(l.expiresAt()));
        }
        if (live.size() >= MAX_LIVE) {
            live.values().stream()
                    .min(java.util.Comparator.comparing(Layout::expiresAt))
                    .ifPresent(oldest -> live.remove(oldest.id()));
        }
        Layout layout = new Layout(Randomness.token(26), order, now.plus(LIFETIME));
        live.put(layout.id(), layout);
        return layout;
    }

    /** The layout, without spending it (to serve its pictures or rate a choice). */
    public Optional<Layout> peek(String id) {
        Layout layout = live.get(id);
        if (layout == null || !clock.instant().isBefore(layout.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(layout);
    }

    /** The layout, spent: a second attempt with the same id finds nothing. */
    public Optional<Layout> take(String id) {
        Layout layout = live.remove(id);
        if (layout == null || !clock.instant().isBefore(layout.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(layout);
    }
}
