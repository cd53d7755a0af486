package io.trustlake.cli;

import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.lake.FhirServerConfig;
import io.trustlake.lake.FhirServerConnector;
import io.trustlake.lake.IngestReport;
import io.trustlake.lake.Lake;
import io.trustlake.lake.PatientSummary;
import io.trustlake.lake.RelationalConfig;
import io.trustlake.lake.RelationalConnector;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.Submission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ingests a hospital's sources (bundle files, a FHIR R4 server, a relational database) into its lake
 * and registers, for each patient, the
 * organisation's data record (hash of the data, where it lives) on the ledger. Both steps are
 * idempotent: unchanged data is neither re-ingested nor re-registered.
 */
public final class DataLoading {
    private DataLoading() {}

    /** Counts of one load. */
    public record Loaded(int accepted, int rejected, int skipped, int registered) {}

    public static Loaded ingestAndRegister(NodeRuntime node, Path sourceDirectory, Progress progress) {
        return ingestAndRegister(node, "synthea-export", sourceDirectory, progress);
    }

    /** Ingests every bundle file of {@code sourceDirectory} as deliveries of {@code sourceSystem}. */
    public static Loaded ingestAndRegister(
            NodeRuntime node, String sourceSystem, Path sourceDirectory, Progress progress) {
        return registerAfter(node, node.services().lake().ingestDirectory(sourceSystem, sourceDirectory), progress);
    }

    /** Fetches each patient's record from a FHIR R4 server, ingests it and registers the data records. */
    public static Loaded ingestFromFhirServer(
            NodeRuntime node, FhirServerConfig config, List<String> patients, Progress progress) {
        Lake lake = node.services().lake();
        FhirServerConnector connector = FhirServerConnector.open(config, lake.maxBundleBytes());
        List<IngestReport> reports = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            reports.add(connector.ingestPatient(lake, patients.get(i)));
            progress.step(i + 1, patients.size(), "fetching patients from " + config.baseUrl());
        }
        return registerAfter(node, reports, progress);
    }

    /**
     * Reads patients from a relational database by its mapping ({@code patients} empty: every
     * patient of the patient table), ingests them and registers the data records.
     */
    public static Loaded ingestFromDatabase(
            NodeRuntime node, RelationalConfig config, List<String> patients, Progress progress) {
        Lake lake = node.services().lake();
        RelationalConnector connector = RelationalConnector.open(config, lake.maxBundleBytes());
        List<IngestReport> reports;
        if (patients.isEmpty()) {
            reports = connector.ingestAll(lake);
        } else {
            reports = new ArrayList<>();
            for (String patient : patients) {
                reports.add(connector.ingestPatient(lake, patient));
            }
        }
        return registerAfter(node, reports, progress);
    }

    private static Loaded registerAfter(NodeRuntime node, List<IngestReport> reports, Progress progress) {
        int accepted = 0;
        int rejected = 0;
        for (IngestReport report : reports) {
            if (report instanceof IngestReport.Accepted) {
                accepted++;
            } else if (report instanceof IngestReport.Rejected r) {
                rejected++;
                progress.line("  rejected " + r.source().system() + " "
                        + r.source().name() + ": " + r.reason() + " " + r.detail());
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
