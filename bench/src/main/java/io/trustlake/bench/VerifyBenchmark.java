package io.trustlake.bench;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.ConsortiumContracts;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.MembershipKeys;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.ledger.core.LedgerVerifier;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.solo.SoloConfig;
import io.trustlake.ledger.solo.SoloOrderer;
import io.trustlake.ledger.store.LedgerStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline verification rate: builds a real ledger (solo orderer, one peer, RocksDB) of signed
 * rule-creation transactions, then times {@link LedgerVerifier} over it (chain, log index, every
 * signature, contract replay, state comparison) and, in the same run, single-thread BouncyCastle
 * Ed25519 verifies per second over the same transactions' signed bytes. Prints both and the ratio.
 */
final class VerifyBenchmark {
    private static final int PATIENTS_PER_THOUSAND = 100;

    private final int transactions;
    private final Path directory;
    private final PrintStream out;

    VerifyBenchmark(int transactions, Path directory, PrintStream out) {
        this.transactions = transactions;
        this.directory = directory;
        this.out = out;
    }

    /**
     * Builds the ledger, then alternates Ed25519 measurements and verification runs (three of
     * each, after a warm-up), so that both see the same machine load; reports the medians.
     */
    void run() throws Exception {
        Files.createDirectories(directory);
        Path ledger = Files.createTempDirectory(directory, "verify-");
        Ed25519.KeyPair key = Ed25519.generate();
        List<Transaction> signed = build(ledger, key);
        PeerConfig config = PeerConfig.of(ledger.resolve("peer"), ConsortiumContracts.all(), new MembershipKeys());
        try (LedgerStore store = LedgerStore.open(ledger.resolve("peer"))) {
            verifyOnce(config, store);
            Samples samples = sample(key, signed);
            List<Double> rates = new ArrayList<>();
            List<Double> ed25519 = new ArrayList<>();
            LedgerVerifier.Report report = verifyOnce(config, store);
            for (int round = 0; round < 3; round++) {
                ed25519.add(loop(key.publicKey(), samples, 2_000_000_000L));
                long started = System.nanoTime();
                report = verifyOnce(config, store);
                rates.add(report.transactions() / ((System.nanoTime() - started) / 1e9));
            }
            double rate = median(rates);
            double limit = median(ed25519);
            out.printf(
                    "offline verification: %d transactions in %d blocks: %.0f tx/s (median of 3; runs %s) (intact: %s)%n",
                    report.transactions(), report.blocksChecked(), rate, rounded(rates), report.intact());
            out.printf(
                    "single-core BouncyCastle Ed25519 verify: %.0f verifies/s (median of 3; runs %s)%n",
                    limit, rounded(ed25519));
            out.printf(
                    "ratio: %.2f of the single-core verify rate (target >= 0.80); %d processors available%n",
                    rate / limit, Runtime.getRuntime().availableProcessors());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
    }

    private static LedgerVerifier.Report verifyOnce(PeerConfig config, LedgerStore store) {
        LedgerVerifier.Report report = new LedgerVerifier(config).verify(store);
        if (!report.intact()) {
            throw new IllegalStateException("the benchmark ledger does not verify: " + report.problem());
        }
        return report;
    }

    /** Commits the genesis and {@code transactions} rule creations; returns the signed transactions. */
    private List<Transaction> build(Path ledger, Ed25519.KeyPair key) throws InterruptedException {
        Organisation organisation = new Organisation(
                "hosp-es",
                "Hospital ES",
                "ES",
                Organisation.Kind.HOSPITAL,
                Hex.encode(key.publicKey()),
                "",
                List.of(new Organisation.TokenKey("es-1", Hex.encode(key.publicKey()))),
                List.of(new Organisation.Department("hosp-es:cardiology", "Cardiology")));
        Clock clock = Clock.systemUTC();
        Transaction genesis = Transaction.sign(
                MembershipContract.GENESIS,
                Json.encodeToString(new Genesis("bench", List.of(organisation))),
                Submitter.node("hosp-es"),
                clock.instant(),
                "genesis",
                key);
        List<Transaction> signed = rules(key, clock);
        try (SoloOrderer orderer = SoloOrderer.open(SoloConfig.of(ledger.resolve("orderer"), clock), List.of(genesis));
                Peer peer = Peer.open(
                        PeerConfig.of(ledger.resolve("peer"), ConsortiumContracts.all(), new MembershipKeys()))) {
            orderer.deliver(0, peer::commit);
            long started = System.nanoTime();
            signed.forEach(orderer::submit);
            while (peer.head().logSize() < signed.size() + 1L) {
                peer.awaitHeight(peer.height() + 1, Duration.ofSeconds(1));
            }
            out.printf(
                    "built a ledger of %d transactions in %d blocks in %.1f s%n",
                    peer.head().logSize(), peer.height(), (System.nanoTime() - started) / 1e9);
        }
        return signed;
    }

    private List<Transaction> rules(Ed25519.KeyPair key, Clock clock) {
        int patients = Math.max(1, transactions * PATIENTS_PER_THOUSAND / 1000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            ids.add(Ids.newPatientId());
        }
        Instant now = clock.instant();
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < transactions; i++) {
            String patient = ids.get(i % patients);
            RuleDraft draft = new RuleDraft(
                    Ids.newRequestId(),
                    patient,
                    new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:cardiology"),
                    List.of("allergies", "medications"),
                    i % 5 == 0 ? Effect.DENY : Effect.ALLOW,
                    now.minusSeconds(60),
                    now.plusSeconds(86_400),
                    List.of());
            Submitter submitter =
                    new Submitter("hosp-es:patient-" + (i % patients), "hosp-es", "PATIENT", patient, List.of());
            out.add(Transaction.sign(
                    AccessRulesContract.CREATE, Json.encodeToString(draft), submitter, now, "n" + i, key));
        }
        return out;
    }

    /** The transactions' own signed bytes and signatures, for the single-thread Ed25519 loop. */
    private record Samples(List<byte[]> messages, List<byte[]> signatures) {}

    private static Samples sample(Ed25519.KeyPair key, List<Transaction> signed) {
        int size = Math.min(signed.size(), 5_000);
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            messages.add(signed.get(i).signingBytes());
            signatures.add(Base64Url.decode(signed.get(i).signature()));
        }
        loop(key.publicKey(), new Samples(messages, signatures), 1_000_000_000L);
        return new Samples(messages, signatures);
    }

    /** Single-thread Ed25519 verifies per second over {@code nanos}. */
    private static double loop(byte[] publicKey, Samples samples, long nanos) {
        long started = System.nanoTime();
        long count = 0;
        int size = samples.messages().size();
        while (System.nanoTime() - started < nanos) {
            int i = (int) (count % size);
            if (!Ed25519.verify(
                    publicKey, samples.messages().get(i), samples.signatures().get(i))) {
                throw new IllegalStateException("a benchmark signature does not verify");
            }
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }
}
