package io.trustlake.contracts.access;

import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The access decision. A rule counts when it is in force at the time asked, applies to the
 * purpose, and names the requester, one of their departments, or their organisation. A tag is
 * released only if some counting allow rule covers it and no counting deny rule does (deny
 * overrides allow). The patient always sees their own record. Pure and thread-safe.
 */
public final class DecisionEngine {
    /** Only these roles can be granted access by a rule; patients, admins and auditors never are. */
    public static final Set<String> GRANTABLE_ROLES = Set.of("PROFESSIONAL", "RESEARCHER");

    private DecisionEngine() {}

    /**
     * Decides one request.
     *
     * @param requested the tags asked for; when empty, {@code universe} (every tag the requester
     *     could be given) is asked for
     */
    public static Decision decide(
            Requester requester,
            String patientId,
            Collection<Rule> rules,
            Set<String> requested,
            String purpose,
            Instant at,
            Set<String> universe) {
        Set<String> asked = new TreeSet<>(requested.isEmpty() ? universe : requested);
        if (requester.isThePatient(patientId)) {
            return new Decision(Decision.Outcome.GRANTED, List.copyOf(asked), Map.of(), List.of());
        }
        Set<String> allowed = new TreeSet<>();
        Set<String> denied = new TreeSet<>();
        Set<Decision.RuleRef> used = new java.util.LinkedHashSet<>();
        for (Rule rule : rules) {
            if (!rule.inForceAt(at) || !rule.appliesToPurpose(purpose) || !matches(rule.grantee(), requester)) {
                continue;
            }
            List<String> covered = rule.tags().stream().filter(asked::contains).toList();
            if (!covered.isEmpty()) {
                (rule.effect() == Effect.DENY ? denied : allowed).addAll(covered);
                used.add(new Decision.RuleRef(rule.ruleId(), rule.version()));
            }
        }
        return result(asked, allowed, denied, used);
    }

    private static Decision result(
            Set<String> asked, Set<String> allowed, Set<String> denied, Set<Decision.RuleRef> used) {
        List<String> released = new ArrayList<>();
        Map<String, Decision.Withheld> withheld = new TreeMap<>();
        for (String tag : asked) {
            if (denied.contains(tag)) {
                withheld.put(tag, Decision.Withheld.DENIED_BY_RULE);
            } else if (allowed.contains(tag)) {
                released.add(tag);
            } else {
                withheld.put(tag, Decision.Withheld.NO_RULE);
            }
        }
        List<Decision.RuleRef> rulesUsed = used.stream()
                .sorted(java.util.Comparator.comparing(Decision.RuleRef::ruleId)
                        .thenComparing(Decision.RuleRef::version))
                .toList();
        return new Decision(
                released.isEmpty() ? Decision.Outcome.DENIED : Decision.Outcome.GRANTED, released, withheld, rulesUsed);
    }

    /** Grantee hierarchy: professional ∈ department ∈ organisation. */
    static boolean matches(Grantee grantee, Requester requester) {
        if (!GRANTABLE_ROLES.contains(requester.role())) {
            return false;
        }
        return switch (grantee.type()) {
            case PROFESSIONAL -> grantee.id().equals(requester.userId());
            case DEPARTMENT -> requester.departments().contains(grantee.id());
            case ORGANISATION -> grantee.id().equals(requester.organisation());
        };
    }
}
