package io.trustlake.contracts.data;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import java.util.List;
import java.util.Set;

/** Registers which organisation holds data for which patient; only that organisation's node may. */
public final class DataRecordsContract implements Contract {
    public static final String REGISTER = "data.register";

    @Override
    public Set<String> transactionTypes() {
        return Set.of(REGISTER);
    }

    @Override
    public Outcome execute(Context context) {
        DataRecord record = Payloads.decode(context.transaction().payload(), DataRecord.class);
        Submitter submitter = context.transaction().submitter();
        if (!Submitter.NODE_ROLE.equals(submitter.role())
                || !submitter.organisation().equals(record.organisation())) {
            throw new ContractException("NOT_HOLDER", "only the holding organisation's node registers its data");
        }
        if (record.patientId() == null || !Ids.isPatientId(record.patientId()) || record.dataHash() == null) {
            throw new ContractException("INVALID_RECORD", "patient id and data hash are required");
        }
        DataRecord stamped = new DataRecord(
                record.patientId(),
                record.organisation(),
                record.dataHash(),
                record.resourceCount(),
                record.tags(),
                record.location(),
                context.transaction().timestamp());
        context.put("data/" + record.patientId() + "/" + record.organisation(), Payloads.encode(stamped));
        return Outcome.applied(Contracts.result(stamped));
    }

    /** Every organisation's record for a patient, by organisation id. */
    public static List<DataRecord> holders(StateView state, String patientId) {
        return Payloads.scan(state, "data/" + patientId + "/", DataRecord.class);
    }
}
