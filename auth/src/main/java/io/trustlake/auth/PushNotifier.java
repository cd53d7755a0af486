package io.trustlake.auth;

import java.time.Instant;

/**
 * Port: tells the devices where a user is signed in that a sign-in waits for their approval. The
 * server implements it with server-sent events. Must not block; thread-safe.
 */
public interface PushNotifier {
    /**
     * A sign-in to {@code userId} from {@code clientAddress} waits for approval until {@code expiresAt}.
     */
    void approvalRequested(String userId, String challengeId, String clientAddress, Instant expiresAt);
}
