package io.trustlake.bench;

import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.BlockHeader;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A world state of {@code patients × rulesPerPatient} rules in a real RocksDB {@link LedgerStore},
 * as a peer holds it after committing the rule transactions: each rule's canonical JSON under
 * {@code rule/<patientId>/<ruleId>}. Built once per directory (in synced batches through {@link
 * LedgerStore#commit}, with placeholder blocks: there is no verifiable chain behind it) and reused
 * by later runs; the same seed always gives the same patients and rules.
 */
record World(Path directory, int patients, int rulesPerPatient, long seed) {
    static final String DIRECTORY_PROPERTY = "trustlake.bench.world";
    private static final String MARKER = "bench/world";
    private static final int PATIENTS_PER_BATCH = 100;

    /** The benchmark's world: 10,000 patients with 100 rules each, in the given directory. */
    static World million(Path directory) {
        return new World(directory, 10_000, 100, 6);
    }

    /** The world a forked benchmark JVM was told to use. */
    static World fromSystemProperty() {
        return million(Path.of(
                System.getProperty(DIRECTORY_PROPERTY, defaultDirectory().toString())));
    }

    static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "trustlake-bench-world-10000x100");
    }

    int rules() {
        return patients * rulesPerPatient;
    }

    /** Every patient id, in generation order. */
    List<String> patientIds() {
        List<String> ids = new ArrayList<>(patients);
        for (int i = 0; i < patients; i++) {
            ids.add(SyntheticRules.patientId(randomFor(i)));
        }
        return ids;
    }

    /** Builds the world unless this directory already holds it; returns true when it built it. */
    boolean buildIfMissing(PrintStream log) {
        try (LedgerStore store = LedgerStore.open(directory)) {
            if (store.get(MARKER).isPresent()) {
                return false;
            }
            long started = System.nanoTime();
            for (int first = 0; first < patients; first += PATIENTS_PER_BATCH) {
                commitBatch(store, first, Math.min(patients, first + PATIENTS_PER_BATCH), first / PATIENTS_PER_BATCH);
            }
            store.commit(block(patients), List.of(), Map.of(MARKER, Optional.of(marker())), head(patients));
            log.printf(
                    "built the world: %,d rules for %,d patients in %.1f s at %s%n",
                    rules(), patients, (System.nanoTime() - started) / 1e9, directory);
            return true;
        }
    }

    private void commitBatch(LedgerStore store, int from, int to, long number) {
        Map<String, Optional<byte[]>> writes = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            Xorshift random = randomFor(i);
            String patientId = SyntheticRules.patientId(random);
            for (Rule rule : SyntheticRules.rulesOf(patientId, rulesPerPatient, random)) {
                writes.put("rule/" + patientId + "/" + rule.ruleId(), Optional.of(Payloads.encode(rule)));
            }
        }
        store.commit(block(number), List.of(), writes, head(number));
    }

    private Xorshift randomFor(int patient) {
        return new Xorshift(seed * 1_000_003L + patient);
    }

    private byte[] marker() {
        return (patients + "x" + rulesPerPatient + "@" + seed).getBytes(StandardCharsets.UTF_8);
    }

    private static Block block(long number) {
        return new Block(new BlockHeader(number, BlockHeader.NO_PREVIOUS, "", 0, 0, "", SyntheticRules.NOW), List.of());
    }

    private static Head head(long number) {
        return new Head(number + 1, block(number).header().hash(), 0, List.of());
    }
}
