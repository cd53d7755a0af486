package io.trustlake.auth;

import io.trustlake.common.crypto.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Sign-ins whose password was right and that wait for a second factor, held in memory for a short
 * time by the node that manages the account. The challenge id is an unguessable bearer value known
 * only to the client that typed the password. Thread-safe.
 */
public final class Challenges {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(2);
    static final int MAX_WRONG_CODES = 5;

    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Challenge> open = new ConcurrentHashMap<>();

    public Challenges(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    enum PushState {
        NOT_REQUESTED,
        WAITING,
        APPROVED,
        DENIED
    }

    record Challenge(
            String id,
            String userId,
            String clientAddress,
            List<String> methods,
            String firstMethod,
            Instant expiresAt,
            PushState push,
            int wrongCodes) {
        Challenge {
            methods = List.copyOf(methods);
        }

        Challenge withPush(PushState state) {
            return new Challenge(id, userId, clientAddress, methods, firstMethod, expiresAt, state, wrongCodes);
        }

        Challenge withWrongCode() {
            return new Challenge(id, userId, clientAddress, methods, firstMethod, expiresAt, push, wrongCodes + 1);
        }
    }

    Challenge open(String userId, String clientAddress, List<String> methods, String firstMethod) {
        Instant now = clock.instant();
        open.values().removeIf(c -> !now.isBefore(c.expiresAt()));
        Challenge challenge = new Challenge(
                Randomness.token(32),
                userId,
                clientAddress,
                methods,
                firstMethod,
                now.plus(lifetime),
                PushState.NOT_REQUESTED,
                0);
        open.put(challenge.id(), challenge);
        return challenge;
    }

    /** The challenge if it exists and has not expired. */
    Optional<Challenge> find(String id) {
        Challenge challenge = open.get(id);
        if (challenge == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(challenge.expiresAt())) {
            open.remove(id);
            return Optional.empty();
        }
        return Optional.of(challenge);
    }

    Optional<Challenge> update(String id, UnaryOperator<Challenge> change) {
        return Optional.ofNullable(open.computeIfPresent(id, (k, c) -> change.apply(c)));
    }

    /** The open challenges of a user whose push approval is waiting. */
    List<Challenge> waitingFor(String userId) {
        Instant now = clock.instant();
        return open.values().stream()
                .filter(c -> c.userId().equals(userId) && c.push() == PushState.WAITING && now.isBefore(c.expiresAt()))
                .toList();
    }

    void close(String id) {
        open.remove(id);
    }
}
