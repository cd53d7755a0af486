package io.trustlake.contracts.access;

import java.util.List;
import java.util.Map;

/**
 * The answer to one access request: the tags released, the tags withheld with the reason for each,
 * and the rules (id and version) that decided it.
 */
public record Decision(
        Outcome outcome, List<String> released, Map<String, Withheld> withheld, List<RuleRef> rulesUsed) {
    public Decision {
        released = List.copyOf(released);
        withheld = Map.copyOf(withheld);
        rulesUsed = List.copyOf(rulesUsed);
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
}
