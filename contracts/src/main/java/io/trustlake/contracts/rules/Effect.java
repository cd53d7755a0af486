package io.trustlake.contracts.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a rule releases or withholds its tags. Deny overrides allow. */
public enum Effect {
    ALLOW,
    DENY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Effect parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
