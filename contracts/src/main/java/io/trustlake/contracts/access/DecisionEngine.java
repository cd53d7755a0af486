package io.trustlake.contracts.access;

import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The access decision. A rule counts when it is in force at the time asked ([validFrom,
 * validUntil), not revoked), applies to the purpose (no purposes = any), and names the requester,
 * one of their departments, or their organisation; only professionals and researchers can be
 * granted anything. A tag is released only if some counting allow rule covers it and no counting
 * deny rule does (deny overrides allow). The patient always sees their own record.
 *
 * <p>Emergencies (purpose ETREAT or BTG, by a professional): the configured emergency tags are
 * released even without an allow rule, except tags a counting deny rule that explicitly names an
 * emergency purpose covers; tags released this way are reported as {@code overridden}.
 *
 * <p>Pure and thread-safe; the result does not depend on the order of the rules.
 */
public final class DecisionEngine {
    /** Only these roles can be granted access by a rule; patients, admins and auditors never are. */
    public static final Set<String> GRANTABLE_ROLES = Set.of("PROFESSIONAL", "RESEARCHER");

    public static final Set<String> EMERGENCY_PURPOSES = Set.of("ETREAT", "BTG");

    private DecisionEngine() {}

    /**
     * Decides one request.
     *
     * @param universe every tag that can be asked for; used when no tags are requested
     * @param emergencyTags the consortium's emergency tag set
     */
    public static Decision decide(
            DecisionRequest request, Collection<Rule> rules, Set<String> universe, Set<String> emergencyTags) {
        Set<String> asked = new TreeSet<>(request.requestedTags().isEmpty() ? universe : request.requestedTags());
        if (request.requester().isThePatient(request.patientId())) {
            return new Decision(Decision.Outcome.GRANTED, List.copyOf(asked), Map.of(), List.of(), List.of());
        }
        Tally tally = new Tally();
        for (Rule rule : rules) {
            if (counts(rule, request)) {
                tally.add(rule, asked);
            }
        }
        Set<String> overridden = isEmergency(request) ? tally.emergencyReleases(asked, emergencyTags) : Set.of();
        return tally.result(asked, overridden);
    }

    public static boolean isEmergency(DecisionRequest request) {
        return EMERGENCY_PURPOSES.contains(request.purpose())
                && "PROFESSIONAL".equals(request.requester().role());
    }

    private static boolean counts(Rule rule, DecisionRequest request) {
        return rule.inForceAt(request.at())
                && rule.appliesToPurpose(request.purpose())
                && matches(rule.grantee(), request.requester());
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

    /** The counting rules' effect on the asked tags. Not thread-safe; one per decision. */
    private static final class Tally {
        private final Set<String> allowed = new TreeSet<>();
        private final Set<String> denied = new TreeSet<>();
        private final Set<String> deniedForEmergencies = new TreeSet<>();
        private final Set<Decision.RuleRef> used = new LinkedHashSet<>();

        void add(Rule rule, Set<String> asked) {
            List<String> covered = rule.tags().stream().filter(asked::contains).toList();
            if (covered.isEmpty()) {
                return;
            }
            if (rule.effect() == Effect.DENY) {
                denied.addAll(covered);
                if (rule.purposes().stream().anyMatch(EMERGENCY_PURPOSES::contains)) {
                    deniedForEmergencies.addAll(covered);
                }
            } else {
                allowed.addAll(covered);
            }
            used.add(new Decision.RuleRef(rule.ruleId(), rule.version()));
        }

        Set<String> emergencyReleases(Set<String> asked, Set<String> emergencyTags) {
            Set<String> released = new TreeSet<>();
            for (String tag : asked) {
                boolean normally = allowed.contains(tag) && !denied.contains(tag);
                if (!normally && emergencyTags.contains(tag) && !deniedForEmergencies.contains(tag)) {
                    released.add(tag);
                }
            }
            return released;
        }

        Decision result(Set<String> asked, Set<String> overridden) {
            List<String> released = new ArrayList<>();
            Map<String, Decision.Withheld> withheld = new TreeMap<>();
            for (String tag : asked) {
                if (overridden.contains(tag) || (allowed.contains(tag) && !denied.contains(tag))) {
                    released.add(tag);
                } else {
                    withheld.put(
                            tag, denied.contains(tag) ? Decision.Withheld.DENIED_BY_RULE : Decision.Withheld.NO_RULE);
                }
            }
            List<Decision.RuleRef> rulesUsed = used.stream()
                    .sorted(Comparator.comparing(Decision.RuleRef::ruleId).thenComparing(Decision.RuleRef::version))
                    .toList();
            Decision.Outcome outcome = released.isEmpty() ? Decision.Outcome.DENIED : Decision.Outcome.GRANTED;
            return new Decision(outcome, released, withheld, rulesUsed, List.copyOf(overridden));
        }
    }
}
