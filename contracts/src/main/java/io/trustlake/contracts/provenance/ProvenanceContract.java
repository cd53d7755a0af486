package io.trustlake.contracts.provenance;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Provenance of the SPHR pipeline: each stage a node runs for a granted record request is notarised
 * with the SHA-256 of what went in and what came out. {@link Stage#SELECT} is recorded by each
 * organisation that released its share (it must hold data for the patient); {@link Stage#ASSEMBLE},
 * {@link Stage#CONSUMER} and {@link Stage#DELIVER} by the requester's organisation. Only that
 * organisation's node may record them, each stage once per organisation, and a later stage of the
 * requester only after the earlier one. One transaction may carry several stages of one
 * organisation, applied in order.
 *
 * <p>Refusal codes: {@code INVALID_PROVENANCE} (malformed request id, organisation, stage list or
 * hash), {@code UNKNOWN_REQUEST} (no access-log entry with this id), {@code NOT_GRANTED} (the access
 * was refused, so no data may move), {@code NOT_STAGE_RUNNER} (the submitter is not the node of the
 * organisation that runs this stage), {@code OUT_OF_ORDER} (an earlier stage is missing) and {@code
 * DUPLICATE_STAGE}.
 */
public final class ProvenanceContract implements Contract {
    public static final String RECORD = "provenance.record";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_INPUTS = 256;

    /** The stages of a record request, in pipeline order. */
    public enum Stage {
        /** A holder selects the authorised resources: in = its registered data hash, out = its share. */
        SELECT,
        /** The requester assembles the shares in curated: in = the shares, out = the Bundle. */
        ASSEMBLE,
        /** The requester moves the encrypted Bundle to consumer: in = the Bundle, out = the ciphertext. */
        CONSUMER,
        /** The requester hands it out once: in = the ciphertext, out = the delivered Bundle. */
        DELIVER
    }

    /** One stage in a {@link Notarisation}. */
    public record Step(Stage stage, List<String> inputHashes, String outputHash) {
        public Step {
            inputHashes = inputHashes == null ? List.of() : List.copyOf(inputHashes);
        }
    }

    /** The payload: stages one organisation ran for one request, in order. */
    public record Notarisation(String requestId, String organisation, List<Step> steps) {
        public Notarisation {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    @Override
    public java.util.Set<String> transactionTypes() {
        return java.util.Set.of(RECORD);
    }

    @Override
    public Outcome execute(Context context) {
        Notarisation notarisation = Payloads.decode(context.transaction().payload(), Notarisation.class);
        validate(notarisation);
        AccessLogEntry access = AccessLogContract.entry(context, notarisation.requestId())
                .orElseThrow(() -> new ContractException("UNKNOWN_REQUEST", "no access-log entry has this request id"));
        if (access.decision().outcome() != Decision.Outcome.GRANTED) {
            throw new ContractException("NOT_GRANTED", "the access was refused, so no stage may run");
        }
        Submitter submitter = context.transaction().submitter();
        if (!Submitter.NODE_ROLE.equals(submitter.role())
                || !submitter.organisation().equals(notarisation.organisation())) {
            throw new ContractException(
                    "NOT_STAGE_RUNNER", "only the node of the organisation that ran a stage may record it");
        }
        List<ProvenanceEntry> written = new ArrayList<>();
        for (Step step : notarisation.steps()) {
            checkRunner(context, access, notarisation.organisation(), step.stage());
            String key = key(notarisation.requestId(), step.stage(), notarisation.organisation());
            if (context.get(key).isPresent()) {
                throw new ContractException("DUPLICATE_STAGE", "stage " + step.stage() + " was already recorded");
            }
            Stage previous = previousOfRequester(step.stage());
            if (previous != null
                    && context.get(key(notarisation.requestId(), previous, notarisation.organisation()))
                            .isEmpty()) {
                throw new ContractException(
                        "OUT_OF_ORDER", "stage " + step.stage() + " needs stage " + previous + " first");
            }
            ProvenanceEntry entry = new ProvenanceEntry(
                    notarisation.requestId(),
                    step.stage(),
                    notarisation.organisation(),
                    step.inputHashes(),
                    step.outputHash(),
                    context.transaction().timestamp(),
                    context.logIndex());
            context.put(key, Payloads.encode(entry));
            written.add(entry);
        }
        return Outcome.applied(Contracts.result(written));
    }

    private static void checkRunner(Context context, AccessLogEntry access, String organisation, Stage stage) {
        boolean runs = stage == Stage.SELECT
                ? DataRecordsContract.holders(context, access.patientId()).stream()
                        .anyMatch(holder -> holder.organisation().equals(organisation))
                : access.requester().organisation().equals(organisation);
        if (!runs) {
            throw new ContractException(
                    "NOT_STAGE_RUNNER",
                    stage == Stage.SELECT
                            ? organisation + " holds no data for this patient"
                            : "only the requester's organisation runs stage " + stage);
        }
    }

    private static Stage previousOfRequester(Stage stage) {
        return switch (stage) {
            case SELECT, ASSEMBLE -> null;
            case CONSUMER -> Stage.ASSEMBLE;
            case DELIVER -> Stage.CONSUMER;
        };
    }

    private static void validate(Notarisation notarisation) {
        if (notarisation.requestId() == null || !Ids.isRequestId(notarisation.requestId())) {
            throw new ContractException("INVALID_PROVENANCE", "malformed request id");
        }
        if (notarisation.organisation() == null || !Ids.isOrganisationId(notarisation.organisation())) {
            throw new ContractException("INVALID_PROVENANCE", "malformed organisation id");
        }
        if (notarisation.steps().isEmpty() || notarisation.steps().size() > Stage.values().length) {
            throw new ContractException("INVALID_PROVENANCE", "between 1 and 4 stages per transaction");
        }
        for (Step step : notarisation.steps()) {
            if (step == null || step.stage() == null) {
                throw new ContractException("INVALID_PROVENANCE", "stage must be one of " + List.of(Stage.values()));
            }
            boolean tooFew = step.inputHashes().isEmpty() && step.stage() != Stage.ASSEMBLE;
            if (tooFew || step.inputHashes().size() > MAX_INPUTS) {
                throw new ContractException(
                        "INVALID_PROVENANCE",
                        "a stage needs between 1 and " + MAX_INPUTS + " input hashes (ASSEMBLE may have none)");
            }
            if (!isHash(step.outputHash()) || !step.inputHashes().stream().allMatch(ProvenanceContract::isHash)) {
                throw new ContractException("INVALID_PROVENANCE", "hashes must be SHA-256 as 64 lower-case hex digits");
            }
        }
    }

    private static boolean isHash(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }

    private static String key(String requestId, Stage stage, String organisation) {
        return "provenance/" + requestId + "/" + position(stage) + "/" + organisation;
    }

    /** The stage's place in the pipeline, so keys sort in pipeline order. */
    private static int position(Stage stage) {
        return switch (stage) {
            case SELECT -> 1;
            case ASSEMBLE -> 2;
            case CONSUMER -> 3;
            case DELIVER -> 4;
        };
    }

    /** The notarised stages of a request, in pipeline order (then by organisation). */
    public static List<ProvenanceEntry> entries(StateView state, String requestId) {
        return Payloads.scan(state, "provenance/" + requestId + "/", ProvenanceEntry.class);
    }
}
