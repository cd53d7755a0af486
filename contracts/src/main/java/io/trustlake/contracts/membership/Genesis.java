package io.trustlake.contracts.membership;

import java.util.List;

/**
 * The founding membership of a consortium and its settings: the payload of the first transaction.
 * Absent settings mean the defaults.
 */
public record Genesis(String consortium, List<Organisation> organisations, ConsortiumSettings settings) {
    public Genesis {
        organisations = List.copyOf(organisations);
        settings = settings == null ? ConsortiumSettings.defaults() : settings;
    }

    public Genesis(String consortium, List<Organisation> organisations) {
        this(consortium, organisations, ConsortiumSettings.defaults());
    }
}
