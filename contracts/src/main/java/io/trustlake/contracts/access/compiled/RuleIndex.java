package io.trustlake.contracts.access.compiled;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.CommitListener;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every patient's current rules, compiled, over a committed world state (a peer's {@code
 * state()}). A patient's rules are compiled from the state on first use and dropped when a
 * committed transaction may have changed them; register the index with the peer's {@code
 * addIndex} so that it sees every commit before the block is announced. {@link #decide} then
 * equals {@link AccessLogContract#decide} on the same state, without decoding any rule.
 *
 * <p>Only for committed state: a contract deciding inside a block must keep using {@link
 * AccessLogContract#decide} on its staged context, which sees the block's own writes.
 *
 * <p>Thread-safe. Lookups never block; a compilation that races with an invalidation of the same
 * patient is returned to its caller but not kept. Holds at most {@code capacity} patients and drops
 * arbitrary ones beyond that (they are recompiled on next use). Freshness: registered as a peer
 * index, the index is brought up to date with a block before the peer's height shows the block,
 * before waiters on that height wake and before commit listeners (the gateway's acknowledgements,
 * notifications) are called — so whoever has seen a rule change acknowledged decides with it.
 */
public final class RuleIndex implements CommitListener {
    /** Patients held by {@link #over(StateView)}; a patient with 100 rules takes about 16 KB. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final StateView state;
    private final int capacity;
    private final ConcurrentHashMap<String, CompiledRules> byPatient = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final Vocabulary vocabulary = new Vocabulary();

    public RuleIndex(StateView state, int capacity) {
        this.state = state;
        this.capacity = capacity;
    }

    public static RuleIndex over(StateView state) {
        return new RuleIndex(state, DEFAULT_CAPACITY);
    }

    /** The decision {@link AccessLogContract#decide} would give on the current committed state. */
    public Decision decide(DecisionRequest request) {
        return rules(request.patientId()).decide(request);
    }

    /** The patient's current rules, compiled; compiles them from the state when not held. */
    public CompiledRules rules(String patientId) {
        CompiledRules held = byPatient.get(patientId);
        if (held != null) {
            return held;
        }
        long before = invalidations.get();
        CompiledRules compiled = compile(patientId);
        byPatient.put(patientId, compiled);
        if (invalidations.get() != before) {
            byPatient.remove(patientId, compiled);
        }
        dropBeyondCapacity();
        return compiled;
    }

    /**
     * Compiles a patient's rules from the state, without holding them, exactly as {@link
     * AccessLogContract#decide} reads them: current versions (revoked ones only widen the universe),
     * the default tags plus every tag the rules name as the universe, and the consortium's emergency
     * tags.
     */
    public CompiledRules compile(String patientId) {
        List<Rule> rules = AccessRulesContract.rules(state, patientId);
        Set<String> emergency = Set.copyOf(MembershipContract.settings(state).emergencyTags());
        return CompiledRules.compile(rules, AccessLogContract.universe(rules), emergency, vocabulary);
    }

    /** Forgets one patient's compiled rules; the next use recompiles them. */
    public void invalidate(String patientId) {
        invalidations.incrementAndGet();
        byPatient.remove(patientId);
    }

    /** Forgets every patient's compiled rules. */
    public void invalidateAll() {
        invalidations.incrementAndGet();
        byPatient.clear();
    }

    /** The number of patients whose compiled rules are held. */
    public int size() {
        return byPatient.size();
    }

    /**
     * Drops what a committed, valid transaction may have changed: the patient named in the payload
     * of a rule change ({@code rule.*}) or an answered access request; everything on a membership
     * transaction (it sets the emergency tags) or when the patient cannot be read. Never throws.
     */
    @Override
    public void committed(Transaction transaction, TxReceipt receipt) {
        if (!receipt.valid()) {
            return;
        }
        String type = transaction.type();
        if (type.startsWith("membership.")) {
            invalidateAll();
        } else if (changesRules(type)) {
            patientOf(transaction.payload()).ifPresentOrElse(this::invalidate, this::invalidateAll);
        }
    }

    /** True for the transaction types that can create, change, revoke or restore a rule. */
    public static boolean changesRules(String transactionType) {
        return transactionType.startsWith("rule.") || transactionType.equals(AccessRequestsContract.DECIDE);
    }

    private static Optional<String> patientOf(String payload) {
        try {
            JsonNode patient =
                    Json.tree(payload.getBytes(StandardCharsets.UTF_8)).path("patientId");
            return patient.isTextual() ? Optional.of(patient.asText()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void dropBeyondCapacity() {
        Iterator<String> patients = byPatient.keySet().iterator();
        while (byPatient.size() > capacity && patients.hasNext()) {
            patients.next();
            patients.remove();
        }
    }
}
