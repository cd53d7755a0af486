package io.trustlake.contracts;

import java.util.List;

/** The consortium's default record sections (DESIGN.md, "Default tags"). */
public final class Tags {
    public static final List<String> DEFAULT = List.of(
            "allergies",
            "billing",
            "care-plans",
            "conditions",
            "demographics",
            "devices",
            "documents",
            "encounters",
            "genetics",
            "imaging",
            "immunizations",
            "lab-results",
            "medications",
            "mental-health",
            "procedures",
            "sexual-health",
            "substance-use",
            "vital-signs");

    private Tags() {}
}
