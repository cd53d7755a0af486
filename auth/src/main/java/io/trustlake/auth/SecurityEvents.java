package io.trustlake.auth;

import io.trustlake.common.encoding.Json;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's security audit log: every event goes to the SLF4J logger {@code
 * trustlake.security} (one line, ids only) and is kept in the account store so that a user can
 * see the sign-ins to their own account and an organisation's admins and auditors can see all of
 * them. Security events stay with the organisation that manages the account; they are not put on
 * the shared ledger, which records access to health data. Thread-safe.
 */
public final class SecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger("trustlake.security");
    private static final String ALL = "security/all/";
    private static final String BY_USER = "security/user/";

    private final AccountStore store;
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    public SecurityEvents(AccountStore store) {
        this.store = store;
    }

    public void record(SecurityEvent event) {
        LOG.info(
                "{} user={} address={} {}",
                event.type(),
                event.userIdOrEmpty().isEmpty() ? "-" : event.userIdOrEmpty(),
                event.clientAddress().isEmpty() ? "-" : event.clientAddress(),
                event.detail());
        String suffix = String.format("%020d-%012d", event.at().toEpochMilli(), sequence.incrementAndGet());
        byte[] value = Json.encode(event);
        store.put(ALL + suffix, value);
        if (!event.userIdOrEmpty().isEmpty()) {
            store.put(BY_USER + event.userIdOrEmpty() + "/" + suffix, value);
        }
    }

    /** The newest events of one account, newest first. */
    public List<SecurityEvent> forUser(String userId, int limit) {
        return decode(store.scanBackwards(BY_USER + userId + "/", limit));
    }

    /** The newest events of the whole node, newest first. */
    public List<SecurityEvent> recent(int limit) {
        return decode(store.scanBackwards(ALL, limit));
    }

    private static List<SecurityEvent> decode(List<byte[]> values) {
        return values.stream().map(v -> Json.decode(v, SecurityEvent.class)).toList();
    }
}
