package io.trustlake.contracts;

import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.contracts.membership.IdentityProvidersContract;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.ledger.contract.Contracts;
import java.util.List;

/** The set of contracts every peer of a Trustlake consortium runs. */
public final class ConsortiumContracts {
    private ConsortiumContracts() {}

    public static Contracts all() {
        return Contracts.of(List.of(
                new MembershipContract(),
                new AccessRulesContract(),
                new AccessLogContract(),
                new DataRecordsContract(),
                new AccessRequestsContract(),
                new ProvenanceContract(),
                new IdentityProvidersContract()));
    }
}
