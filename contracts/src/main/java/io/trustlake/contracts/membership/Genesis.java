package io.trustlake.contracts.membership;

import java.util.List;

/** The founding membership of a consortium: the payload of the first transaction. */
public record Genesis(String consortium, List<Organisation> organisations) {
    public Genesis {
        organisations = List.copyOf(organisations);
    }
}
