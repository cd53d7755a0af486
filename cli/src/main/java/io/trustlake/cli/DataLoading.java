package io.trustlake.cli;

import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.lake.IngestReport;
import io.trustlake.lake.Lake;
import io.trustlake.lake.PatientSummary;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.Submission;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ingests a hospital's source files into its lake and registers, for each patient, the
 * organisation's data record (hash of the data, where it lives) on the ledger. Both steps are
 * idempotent: unchanged data is neither re-ingested nor re-registered.
 */
public final class DataLoading {
    private DataLoading() {}

    /** Counts of one load. */
    public record Loaded(int accepted, int rejected, int skipped, int registered) {}

    public static Loaded ingestAndRegister(NodeRuntime node, Path sourceDirectory, Progress progress) {
        Lake lake = node.services().lake();
        List<IngestReport> reports = lake.ingestDirectory("synthea-export", sourceDirectory);
        int accepted = 0;
        int rejected = 0;
        for (IngestReport report : reports) {
            if (report instanceof IngestReport.Accepted) {
                accepted++;
            } else if (report instanceof IngestReport.Rejected r) {
                rejected++;
                progress.line("  rejected " + r.source() + ": " + r.reason() + " " + r.detail());
            }
        }
        int registered = register(node, progress);
        return new Loaded(accepted, rejected, reports.size() - accepted - rejected, registered);
    }

    /** Registers every patient whose data hash on the ledger is missing or out of date. */
    public static int register(NodeRuntime node, Progress progress) {
        Lake lake = node.services().lake();
        Gateway gateway = node.services().gateway();
        String organisation = node.services().organisationId();
        List<String> patients = lake.patients();
        int registered = 0;
        for (int i = 0; i < patients.size(); i++) {
            Optional<PatientSummary> summary = lake.summary(patients.get(i));
            if (summary.isPresent() && !alreadyRegistered(gateway, organisation, summary.get())) {
                PatientSummary s = summary.get();
                DataRecord record = new DataRecord(
                        s.patientId(),
                        organisation,
                        s.dataHash(),
                        s.resourceCount(),
                        List.copyOf(s.tags()),
                        "lake://" + organisation + "/catalog/" + s.patientId(),
                        node.services().clock().instant());
                if (gateway.submit(DataRecordsContract.REGISTER, record, Submitter.node(organisation))
                        instanceof Submission.Committed) {
                    registered++;
                }
            }
            progress.step(i + 1, patients.size(), "registering data records at " + organisation);
        }
        return registered;
    }

    private static boolean alreadyRegistered(Gateway gateway, String organisation, PatientSummary summary) {
        return DataRecordsContract.holders(gateway.state(), summary.patientId()).stream()
                .anyMatch(r ->
                        r.organisation().equals(organisation) && r.dataHash().equals(summary.dataHash()));
    }
}
