package io.trustlake.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.sse.SseClient;
import io.trustlake.auth.Principal;
import io.trustlake.auth.PushNotifier;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.ledger.core.CommitListener;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Live notifications over server-sent events. Listens to the node's ledger commits and tells the
 * people concerned as soon as their node has committed: a patient hears of every access to their
 * record (emergency overrides flagged) and of access requests; a professional hears the answer to
 * their request. Events carry ids and ledger positions, never record data. Thread-safe: commits
 * are handed to one sender thread so the ledger is never slowed by a slow client.
 */
public final class Notifications implements CommitListener, PushNotifier, AutoCloseable {
    private final Map<String, Set<SseClient>> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService sender;

    private Notifications(ExecutorService sender) {
        this.sender = sender;
    }

    public static Notifications start() {
        return new Notifications(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "notifications");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Keeps the client open and sends it every event for this user (and, for a patient, their record). */
    public void subscribe(Principal principal, SseClient client) {
        List<String> keys = principal.patientId().isPresent()
                ? List.of(userKey(principal.userId()), patientKey(principal.patientIdOrEmpty()))
                : List.of(userKey(principal.userId()));
        for (String key : keys) {
            subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(client);
        }
        client.onClose(() ->
                keys.forEach(key -> subscribers.getOrDefault(key, Set.of()).remove(client)));
        client.sendEvent("ready", "{}");
        client.keepAlive();
    }

    @Override
    public void committed(Transaction transaction, TxReceipt receipt) {
        if (receipt.valid()) {
            sender.execute(() -> dispatch(transaction.type(), receipt));
        }
    }

    private void dispatch(String type, TxReceipt receipt) {
        JsonNode result = Json.tree(receipt.result().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("logIndex", receipt.logIndex());
        event.put("patientId", result.path("patientId").asText());
        if (type.equals(AccessLogContract.RECORD)) {
            event.put("who", result.path("requester").path("userId").asText());
            event.put(
                    "organisation",
                    result.path("requester").path("organisation").asText());
            event.put("outcome", result.path("decision").path("outcome").asText());
            event.put("emergency", result.path("decision").path("overridden").size() > 0);
            send(patientKey(result.path("patientId").asText()), "access", event);
        } else if (type.equals(AccessRequestsContract.CREATE) || type.equals(AccessRequestsContract.DECIDE)) {
            event.put("requestId", result.path("requestId").asText());
            event.put("who", result.path("requesterId").asText());
            event.put("status", result.path("status").asText());
            send(patientKey(result.path("patientId").asText()), "access-request", event);
            send(userKey(result.path("requesterId").asText()), "access-request", event);
        }
    }

    /** Asks the user's signed-in pages to approve or refuse a sign-in ({@code login-approval} event). */
    @Override
    public void approvalRequested(String userId, String challengeId, String clientAddress, Instant expiresAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("challengeId", challengeId);
        event.put("address", clientAddress);
        event.put("expiresAt", expiresAt.toString());
        sender.execute(() -> send(userKey(userId), "login-approval", event));
    }

    private void send(String key, String name, Map<String, Object> event) {
        String data = Json.encodeToString(event);
        for (SseClient client : subscribers.getOrDefault(key, Set.of())) {
            if (client.terminated()) {
                subscribers.get(key).remove(client);
            } else {
                client.sendEvent(name, data);
            }
        }
    }

    private static String userKey(String userId) {
        return "user:" + userId;
    }

    private static String patientKey(String patientId) {
        return "patient:" + patientId;
    }

    @Override
    public void close() {
        sender.shutdownNow();
        subscribers.values().forEach(clients -> clients.forEach(SseClient::close));
    }
}
