package io.trustlake.auth;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link PushNotifier} that forwards to whatever the HTTP server connects once it runs (the
 * server starts after the sign-in services are built). Until then, and after {@link #disconnect},
 * requests go nowhere and the waiting sign-in simply times out. Thread-safe.
 */
public final class PushRelay implements PushNotifier {
    private static final PushNotifier NOWHERE = (userId, challengeId, clientAddress, expiresAt) -> {};

    private final AtomicReference<PushNotifier> target = new AtomicReference<>(NOWHERE);

    public void connect(PushNotifier notifier) {
        target.set(notifier);
    }

    public void disconnect() {
        target.set(NOWHERE);
    }

    @Override
    public void approvalRequested(String userId, String challengeId, String clientAddress, Instant expiresAt) {
        target.get().approvalRequested(userId, challengeId, clientAddress, expiresAt);
    }
}
