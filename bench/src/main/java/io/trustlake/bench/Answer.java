package io.trustlake.bench;

import io.trustlake.contracts.access.Decision;
import java.util.List;
import java.util.Map;

/**
 * A decision taken apart into arrays, to measure what building an equal {@link Decision} costs
 * without deciding anything: the same lists and map constructions, the same sizes.
 */
final class Answer {
    private final Decision.Outcome outcome;
    private final String[] released;
    private final Map.Entry<String, Decision.Withheld>[] withheld;
    private final Decision.RuleRef[] rulesUsed;
    private final String[] overridden;

    private Answer(
            Decision.Outcome outcome,
            String[] released,
            Map.Entry<String, Decision.Withheld>[] withheld,
            Decision.RuleRef[] rulesUsed,
            String[] overridden) {
        this.outcome = outcome;
        this.released = released;
        this.withheld = withheld;
        this.rulesUsed = rulesUsed;
        this.overridden = overridden;
    }

    @SuppressWarnings("unchecked") // an array of a generic type, filled from the map it came from
    static Answer of(Decision decision) {
        return new Answer(
                decision.outcome(),
                decision.released().toArray(new String[0]),
                decision.withheld().entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue()))
                        .toArray(Map.Entry[]::new),
                decision.rulesUsed().toArray(new Decision.RuleRef[0]),
                decision.overridden().toArray(new String[0]));
    }

    Decision rebuild() {
        return new Decision(
                outcome, List.of(released), Map.ofEntries(withheld), List.of(rulesUsed), List.of(overridden));
    }
}
