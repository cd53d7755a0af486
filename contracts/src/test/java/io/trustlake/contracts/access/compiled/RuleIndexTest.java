package io.trustlake.contracts.access.compiled;

import static io.trustlake.contracts.access.compiled.CompiledRulesEquivalenceTest.NOW;
import static io.trustlake.contracts.access.compiled.CompiledRulesEquivalenceTest.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
    static final Requester DR_A = new Requester("hosp-es:dr-a", "PROFESSIONAL", "hosp-es", List.of(), "");
    static final String OTHER = "p-zyxwvutsrqpnmkjihgfedcba2";

    /** A world state in memory: what the index reads, and what a test changes before a commit. */
    static final class MemoryState implements StateView {
        private final TreeMap<String, byte[]> entries = new TreeMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public SortedMap<String, byte[]> scan(String prefix) {
            return Collections.unmodifiableSortedMap(entries.subMap(prefix, prefix + Character.MAX_VALUE));
        }

        void put(Rule rule) {
            entries.put("rule/" + rule.patientId() + "/" + rule.ruleId(), Payloads.encode(rule));
        }
    }

    @Property(tries = 500)
    void indexDecidesLikeTheAccessLogContractOnTheSameState(
            @ForAll("ruleSets") List<Rule> rules, @ForAll("requests") List<DecisionRequest> requests) {
        MemoryState state = new MemoryState();
        rules.forEach(state::put);
        RuleIndex index = RuleIndex.over(state);
        for (DecisionRequest request : requests) {
            assertThat(index.decide(request)).isEqualTo(AccessLogContract.decide(state, request));
        }
    }

    @Test
    void committedRuleChangeDropsOnlyThatPatientsCompiledRules() {
        MemoryState state = new MemoryState();
        state.put(rule("r1", PATIENT, Effect.ALLOW));
        state.put(rule("r1", OTHER, Effect.ALLOW));
        RuleIndex index = RuleIndex.over(state);
        assertThat(index.decide(request(PATIENT)).released()).containsExactly("allergies");
        index.decide(request(OTHER));

        state.put(rule("r2", PATIENT, Effect.DENY));
        index.committed(tx(AccessRulesContract.CREATE, "{\"patientId\":\"" + PATIENT + "\"}"), valid());

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.decide(request(PATIENT)).withheld())
                .containsEntry("allergies", Decision.Withheld.DENIED_BY_RULE);
    }

    @Test
    void approvedAccessRequestDropsThePatientsCompiledRules() {
        MemoryState state = new MemoryState();
        RuleIndex index = RuleIndex.over(state);
        assertThat(index.decide(request(PATIENT)).released()).isEmpty();

        state.put(rule("r1", PATIENT, Effect.ALLOW));
        index.committed(tx(AccessRequestsContract.DECIDE, "{\"patientId\":\"" + PATIENT + "\"}"), valid());

        assertThat(index.decide(request(PATIENT)).released()).containsExactly("allergies");
    }

    @Test
    void invalidTransactionsAndOtherTypesKeepCompiledRules() {
        RuleIndex index = RuleIndex.over(new MemoryState());
        index.decide(request(PATIENT));
        String payload = "{\"patientId\":\"" + PATIENT + "\"}";
        index.committed(tx(AccessRulesContract.REVOKE, payload), TxReceipt.invalid("t", 1, 0, 1, "NOT_OWNER", "no"));
        index.committed(tx(AccessLogContract.RECORD, payload), valid());
        index.committed(tx(AccessRulesContract.ADD_DELEGATE, payload), valid());
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void membershipChangeOrUnreadableRuleChangeDropsEverything() {
        RuleIndex index = RuleIndex.over(new MemoryState());
        index.decide(request(PATIENT));
        index.committed(tx(MembershipContract.GENESIS, "{}"), valid());
        assertThat(index.size()).isZero();

        index.decide(request(PATIENT));
        index.committed(tx(AccessRulesContract.UPDATE, "not json"), valid());
        assertThat(index.size()).isZero();
    }

    @Test
    void holdsAtMostItsCapacity() {
        RuleIndex index = new RuleIndex(new MemoryState(), 2);
        for (String patient : List.of(PATIENT, OTHER, "p-aaaaaaaaaaaaaaaaaaaaaaaaaa")) {
            index.decide(request(patient));
        }
        assertThat(index.size()).isLessThanOrEqualTo(2);
    }

    @Provide
    Arbitrary<List<Rule>> ruleSets() {
        return new CompiledRulesEquivalenceTest().ruleSets();
    }

    @Provide
    Arbitrary<List<DecisionRequest>> requests() {
        return new CompiledRulesEquivalenceTest().requests();
    }

    static Rule rule(String id, String patient, Effect effect) {
        return new Rule(
                id,
                patient,
                new Grantee(Grantee.Type.ORGANISATION, "hosp-es"),
                List.of("allergies"),
                effect,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                List.of(),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
    }

    static DecisionRequest request(String patient) {
        return new DecisionRequest(DR_A, patient, Set.of("allergies"), "TREAT", NOW);
    }

    static Transaction tx(String type, String payload) {
        return new Transaction(type, payload, Submitter.node("hosp-es"), NOW, "n", "s");
    }

    static TxReceipt valid() {
        return TxReceipt.valid("t", 1, 0, 1, "{}");
    }
}
