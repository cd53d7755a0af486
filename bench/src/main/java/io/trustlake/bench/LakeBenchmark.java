package io.trustlake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.management.OperatingSystemMXBean;
import io.trustlake.common.files.DirectoryTrees;
import io.trustlake.common.id.Ids;
import io.trustlake.lake.AssembledRecord;
import io.trustlake.lake.IngestReport;
import io.trustlake.lake.KeyEncryptionKey;
import io.trustlake.lake.Lake;
import io.trustlake.lake.LakeConfig;
import io.trustlake.lake.SourcePart;
import io.trustlake.lake.TagMapping;
import io.trustlake.lake.TaggedResource;
import io.trustlake.synthetic.ConsortiumSplitter;
import io.trustlake.synthetic.Manifest;
import io.trustlake.synthetic.ManifestPatient;
import io.trustlake.synthetic.SyntheaClasspath;
import io.trustlake.synthetic.SyntheaConfig;
import io.trustlake.synthetic.SyntheaGenerator;
import io.trustlake.synthetic.SyntheaOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The lake's load driver ({@code lake} command): ingestion of Synthea bundles into raw + catalog,
 * next to the rate at which Jackson merely tokenizes the same files (the limit), and SPHR assembly
 * for Synthea patients whose history two organisations share.
 *
 * <p>Synthea output is generated once into {@code DIR/synthea} (its own JVM, cached) and split
 * between two hospitals into {@code DIR/split}; every lake is rebuilt under {@code DIR/run}.
 * Ingestion is measured after one warm-up pass over all files (reported as the cold-JVM figure),
 * as SPHR is after its warm-up rounds; the machine may be shared, so CPU time of the measuring
 * thread is printed next to wall time.
 */
final class LakeBenchmark {
    private static final List<String> HOSPITALS = List.of("hospital-a", "hospital-b");
    private static final long INGEST_LIMIT = 20_000;
    private static final double SPHR_MEDIAN_LIMIT_MS = 15;
    private static final double SPHR_P99_LIMIT_MS = 50;

    /** What to run. */
    record Settings(Path directory, int patients, long seed, int rounds, int threads, String part) {}

    private final Settings settings;
    private final PrintStream out;

    LakeBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void run() throws IOException, InterruptedException {
        out.println("Lake benchmark on " + Machine.describe());
        Clock clock = Clock.systemUTC();
        SyntheaOutput synthea = new SyntheaGenerator(SyntheaConfig.defaults(SyntheaClasspath.locate(), clock)
                        .withPopulation(settings.patients())
                        .withSeed(settings.seed()))
                .generate(settings.directory().resolve("synthea"), progress -> {});
        List<Path> files = patientFiles(synthea.fhirDirectory());
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        out.printf("Synthea: %d patient bundles, %.1f MB%n", files.size(), bytes / 1e6);
        if (!settings.part().equals("sphr")) {
            ingestion(files);
        }
        if (!settings.part().equals("ingest")) {
            sphr(clock, synthea);
        }
    }

    private void ingestion(List<Path> files) throws IOException, InterruptedException {
        long resources = 0;
        long parseNanos = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long started = System.nanoTime();
            resources = 0;
            for (Path file : files) {
                resources += tokenize(Files.readAllBytes(file));
            }
            parseNanos = Math.min(parseNanos, System.nanoTime() - started);
        }
        double parseRate = resources / (parseNanos / 1e9);
        out.printf("Jackson streaming tokenize (the limit, 1 thread): %,.0f resources/s%n", parseRate);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long tokenizeCpuStarted = cpu.getCurrentThreadCpuTime();
        for (Path file : files) {
            tokenize(Files.readAllBytes(file));
        }
        double tokenizeCpuSeconds = (cpu.getCurrentThreadCpuTime() - tokenizeCpuStarted) / 1e9;
        out.printf(
                "    a fourth pass in CPU time of its thread: %,.0f resources per CPU second%n",
                resources / tokenizeCpuSeconds);
        Path warmUp = fresh(settings.directory().resolve("run/ingest-warm-up"));
        try (Lake lake = Lake.open(config(warmUp, "hospital-a", Clock.systemUTC()))) {
            long started = System.nanoTime();
            long ingested = 0;
            for (IngestReport report :
                    lake.ingestDirectory("synthea", files.get(0).getParent())) {
                ingested += report instanceof IngestReport.Skipped ? 0 : accepted(report);
            }
            report("ingestDirectory, cold JVM: the warm-up pass", ingested, System.nanoTime() - started, parseRate);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path single = fresh(settings.directory().resolve("run/ingest-one-by-one"));
        try (Lake lake = Lake.open(config(single, "hospital-a", Clock.systemUTC()))) {
            long started = System.nanoTime();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            long ingested = 0;
            for (Path file : files) {
                ingested += accepted(lake.ingestFile("synthea", file));
            }
            report("one file at a time, 1 thread", ingested, System.nanoTime() - started, parseRate);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
            out.printf(
                    "    same run in CPU time of the ingesting thread (without waits for a core or the disk):"
                            + " %.2f s = %,.0f resources per CPU second%n",
                    cpuSeconds, ingested / cpuSeconds);
        }
        Path pipelined = fresh(settings.directory().resolve("run/ingest-directory"));
        try (Lake lake = Lake.open(config(pipelined, "hospital-a", Clock.systemUTC()))) {
            long started = System.nanoTime();
            long ingested = 0;
            for (IngestReport report :
                    lake.ingestDirectory("synthea", files.get(0).getParent())) {
                ingested += report instanceof IngestReport.Skipped ? 0 : accepted(report);
            }
            report("ingestDirectory, pipelined", ingested, System.nanoTime() - started, parseRate);
        }
    }

    private void report(String how, long ingested, long nanos, double parseRate) {
        double seconds = nanos / 1e9;
        double rate = ingested / seconds;
        out.printf(
                "Ingestion into raw + catalog (%s): %,d resources in %.2f s = %,.0f resources/s;"
                        + " %.2f of the tokenize rate; %.2f of the %,d/s target%n",
                how, ingested, seconds, rate, rate / parseRate, rate / INGEST_LIMIT, INGEST_LIMIT);
    }

    private static long accepted(IngestReport report) {
        if (report instanceof IngestReport.Accepted accepted) {
            return accepted.resourceCount();
        }
        throw new IllegalStateException("not ingested: " + report);
    }

    /** Entries in one bundle, counted while Jackson tokenizes the whole document. */
    private static long tokenize(byte[] document) throws IOException {
        long entries = 0;
        int depth = 0;
        boolean inEntry = false;
        try (JsonParser parser = JSON.createParser(document)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                    if (inEntry && depth == 3 && token == JsonToken.START_OBJECT) {
                        entries++;
                    }
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    inEntry = inEntry && depth >= 2;
                } else if (token == JsonToken.FIELD_NAME && depth == 1) {
                    inEntry = parser.currentName().equals("entry");
                }
            }
        }
        return entries;
    }

    private static final JsonFactory JSON = new JsonFactory();

    private void sphr(Clock clock, SyntheaOutput synthea) throws IOException {
        Manifest manifest = new ConsortiumSplitter(HOSPITALS)
                .split(synthea.fhirDirectory(), settings.directory().resolve("split"), progress -> {});
        Path run = fresh(settings.directory().resolve("run/sphr"));
        try (Lake a = Lake.open(config(run.resolve("a"), "hospital-a", clock));
                Lake b = Lake.open(config(run.resolve("b"), "hospital-b", clock))) {
            a.ingestDirectory("synthea", settings.directory().resolve("split/hospital-a"));
            b.ingestDirectory("synthea", settings.directory().resolve("split/hospital-b"));
            List<ManifestPatient> typical = manifest.patients().stream()
                    .filter(p -> p.hospitals().containsAll(HOSPITALS))
                    .filter(p -> total(p) >= 1000 && total(p) <= 3000)
                    .sorted(Comparator.comparing(ManifestPatient::patientId))
                    .toList();
            if (typical.isEmpty()) {
                out.println("SPHR: no patient with 1,000-3,000 resources at both hospitals; raise --patients");
                return;
            }
            out.printf(
                    "SPHR: %d patients with 1,000-3,000 resources held by both hospitals (%s resources)%n",
                    typical.size(),
                    typical.stream().map(p -> Integer.toString(total(p))).toList());
            Set<String> all = TagMapping.defaultTags();
            measure("assembly (select at both + assemble)", typical, a, b, all, false);
            measure("assembly + encrypted delivery (curated -> consumer, synced)", typical, a, b, all, true);
            manifest.patients().stream()
                    .filter(p -> p.hospitals().containsAll(HOSPITALS))
                    .max(Comparator.comparingInt(LakeBenchmark::total))
                    .ifPresent(largest -> memory(largest, a, b, all));
        }
    }

    /**
     * Heap used by one SPHR of the largest patient held by both hospitals: the sum of the heap
     * pools' peaks during the request above their use after a collection just before it. Peaks
     * count garbage not yet collected, so the figure is an upper bound of what the request holds.
     */
    private void memory(ManifestPatient patient, Lake a, Lake b, Set<String> tags) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        AssembledRecord record = a.assemble(
                Ids.newRequestId(),
                List.of(
                        new SourcePart("hospital-a", "Hospital A", a.select(patient.patientId(), tags)),
                        new SourcePart("hospital-b", "Hospital B", b.select(patient.patientId(), tags))));
        long peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        out.printf(
                "SPHR memory, largest patient at both hospitals (%,d resources, %.1f MB Bundle): at most %.1f MB of heap"
                        + " above the %.1f MB in use before the request (max heap %.0f MB)%n",
                total(patient),
                record.bytes().length / 1e6,
                Math.max(0, peak - before) / 1e6,
                before / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
    }

    /**
     * One SPHR per round, as a requesting node runs it: both holders select at once (hospital B
     * on another thread, as the record service asks every holder at the same time), then hospital
     * A assembles. Wall time per request, the process's mean CPU time per request (all threads:
     * both selections, their parts, the collector; the process clock ticks too coarsely for a
     * percentile of single requests), and the mean wall time of each phase.
     */
    private void measure(
            String label, List<ManifestPatient> patients, Lake a, Lake b, Set<String> tags, boolean deliver) {
        LatencyRecorder samples = new LatencyRecorder(settings.rounds());
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService holderB = Executors.newSingleThreadExecutor();
        long[] phaseNanos = new long[4];
        long bytes = 0;
        long cpuNanos = 0;
        try {
            for (int round = -settings.rounds() / 5; round < settings.rounds(); round++) {
                ManifestPatient patient = patients.get(Math.floorMod(round, patients.size()));
                long cpuStarted = os.getProcessCpuTime();
                long started = System.nanoTime();
                String requestId = Ids.newRequestId();
                Future<List<TaggedResource>> fromB = holderB.submit(() -> b.select(patient.patientId(), tags));
                List<TaggedResource> first = a.select(patient.patientId(), tags);
                long selectedA = System.nanoTime();
                List<TaggedResource> second = fromB.get();
                long selectedBoth = System.nanoTime();
                AssembledRecord record = a.assemble(
                        requestId,
                        List.of(
                                new SourcePart("hospital-a", "Hospital A", first),
                                new SourcePart("hospital-b", "Hospital B", second)));
                byte[] bundle = record.bytes();
                long assembled = System.nanoTime();
                if (deliver) {
                    a.deliveries()
                            .store(
                                    requestId,
                                    "hospital-a:bench",
                                    bundle,
                                    Clock.systemUTC().instant().plus(Duration.ofMinutes(5)));
                }
                long nanos = System.nanoTime() - started;
                long spent = os.getProcessCpuTime() - cpuStarted;
                if (round >= 0) {
                    phaseNanos[0] += selectedA - started;
                    phaseNanos[1] += selectedBoth - selectedA;
                    phaseNanos[2] += assembled - selectedBoth;
                    long before = threads.getCurrentThreadCpuTime();
                    a.entries(patient.patientId());
                    phaseNanos[3] += threads.getCurrentThreadCpuTime() - before;
                    samples.record(nanos);
                    cpuNanos += spent;
                    bytes += bundle.length;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hospital B's selection failed", e.getCause());
        } finally {
            holderB.shutdownNow();
        }
        LatencyRecorder recorder = LatencyRecorder.merge(List.of(samples));
        out.printf(
                "SPHR %s: median %.2f ms (%.2f of the %.0f ms limit), p99 %.2f ms (%.2f of %.0f ms), %d requests,"
                        + " %.1f MB per Bundle on average%n",
                label,
                recorder.percentileMicros(50) / 1000,
                recorder.percentileMicros(50) / 1000 / SPHR_MEDIAN_LIMIT_MS,
                SPHR_MEDIAN_LIMIT_MS,
                recorder.percentileMicros(99) / 1000,
                recorder.percentileMicros(99) / 1000 / SPHR_P99_LIMIT_MS,
                SPHR_P99_LIMIT_MS,
                settings.rounds(),
                bytes / 1e6 / settings.rounds());
        out.printf(
                "    CPU time of the whole process per request (every thread, so more than the wall time when"
                        + " selections run at once): mean %.2f ms on %d cores%n",
                cpuNanos / 1e6 / settings.rounds(), Runtime.getRuntime().availableProcessors());
        out.printf(
                "    mean wall time per phase: select at hospital A %.2f ms (B selecting at the same time),"
                        + " then waiting for B %.2f ms, assemble %.2f ms; reading A's catalog entries alone"
                        + " takes %.2f ms of CPU%n",
                phaseNanos[0] / 1e6 / settings.rounds(),
                phaseNanos[1] / 1e6 / settings.rounds(),
                phaseNanos[2] / 1e6 / settings.rounds(),
                phaseNanos[3] / 1e6 / settings.rounds());
    }

    private static int total(ManifestPatient patient) {
        return patient.resourceCounts().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    private static LakeConfig config(Path root, String organisation, Clock clock) {
        return LakeConfig.of(root, organisation, KeyEncryptionKey.generate(), clock);
    }

    private static List<Path> patientFiles(Path fhir) throws IOException {
        try (Stream<Path> listing = Files.list(fhir)) {
            return listing.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".json")
                                && !name.startsWith("hospitalInformation")
                                && !name.startsWith("practitionerInformation");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static Path fresh(Path directory) {
        try {
            DirectoryTrees.delete(directory);
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
