package io.trustlake.contracts.access;

import java.util.List;
import java.util.Map;

/**
 * The answer to one access request: the tags released, the tags withheld with the reason for each,
 * the rules (id and version) that decided it, and the tags released only because of an emergency
 * override (empty unless the purpose was an emergency).
 */
public record Decision(
        Outcome outcome,
        List<String> released,
        Map<String, Withheld> withheld,
        List<RuleRef> rulesUsed,
        List<String> overridden) {
    public Decision {
        released = List.copyOf(released);
        withheld = Map.copyOf(withheld);
        rulesUsed = List.copyOf(rulesUsed);
        overridden = overridden == null ? List.of() : List.copyOf(overridden);
    }

    public enum Outcome {
        GRANTED,
        DENIED
    }

    /** Why a tag was not released. */
    public enum Withheld {
        DENIED_BY_RULE,
        NO_RULE
    }

    public record RuleRef(String ruleId, int version) {}

    /** True when an emergency released tags that no allow rule covered. */
    public boolean emergencyOverride() {
        return !overridden.isEmpty();
    }
}
