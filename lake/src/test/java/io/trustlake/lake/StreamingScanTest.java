package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Ingestion scans bundles by streaming their tokens ({@link ResourceFacts#read}); the reference is
 * the tree of each resource ({@link BundleScanner#scanWithTrees}). Both must find the same types,
 * ids, codings, labels, dates and byte ranges (so the same tags, catalog entries and hashes), and
 * refuse the same broken documents with the same reason.
 */
class StreamingScanTest {
    private static final List<String> NAMES = List.of(
            "system",
            "code",
            "coding",
            "meta",
            "text",
            "category",
            "security",
            "tag",
            "start",
            "period",
            "performedPeriod",
            "billablePeriod",
            "date",
            "effectiveDateTime",
            "issued",
            "created",
            "birthDate",
            "resourceType",
            "id",
            "value",
            "valueCodeableConcept",
            "x");
    private static final List<String> TEXTS = List.of(
            "",
            "Observation",
            "Condition",
            "DiagnosticReport",
            TagMapping.SECURITY_SYSTEM,
            "PSY",
            "ETH",
            "http://snomed.info/sct",
            "35489007",
            "http://terminology.hl7.org/CodeSystem/observation-category",
            "laboratory",
            "vital-signs",
            "http://loinc.org",
            "2026-01-02",
            "2025-12-31T10:00:00Z",
            "a \"quoted\" é text\n");

    private static final byte[] DAMAGE = "{}[]\",:\\ x0é\u0001".getBytes(StandardCharsets.UTF_8);

    @Test
    void realSyntheaBundlesScanAsTheirTreesDo() {
        for (byte[] bundle : List.of(Fixtures.realSyntheaBundle(), Fixtures.bundle())) {
            BundleScanner.Outcome streamed = BundleScanner.scan(bundle);
            assertThat(streamed).isInstanceOf(BundleScanner.Outcome.Scanned.class);
            assertThat(streamed).isEqualTo(BundleScanner.scanWithTrees(bundle));
        }
    }

    @Test
    void realSyntheaBundleGetsTheSameTagsAndDatesBothWays() {
        byte[] bundle = Fixtures.realSyntheaBundle();
        BundleScanner.Outcome.Scanned scanned = (BundleScanner.Outcome.Scanned) BundleScanner.scan(bundle);
        assertThat(scanned.entries()).hasSize(158);
        for (ScannedEntry entry : scanned.entries()) {
            byte[] slice = Arrays.copyOfRange(bundle, entry.offset(), entry.offset() + entry.length());
            ObjectNode tree = FhirJson.readStoredObject(slice);
            assertThat(TagMapping.defaults().tag(entry.facts()))
                    .isEqualTo(TagMapping.defaults().tag(tree));
            assertThat(entry.facts().date()).isEqualTo(ResourceDates.of(tree));
        }
        assertThat(scanned.entries().stream()
                        .filter(entry -> !entry.facts().date().isEmpty())
                        .count())
                .isGreaterThan(150);
    }

    @Property(tries = 300)
    void randomResourcesScanAsTheirTreesDo(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        ObjectNode bundle = FhirJson.MAPPER.createObjectNode().put("resourceType", "Bundle");
        ArrayNode entries = bundle.putArray("entry");
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            ObjectNode resource = randomObject(random, 0);
            if (random.nextInt(4) > 0) {
                resource.put("resourceType", pick(random, TEXTS));
            }
            entries.addObject().put("fullUrl", "urn:uuid:" + i).set("resource", resource);
        }
        byte[] json = random.nextBoolean()
                ? FhirJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle)
                : FhirJson.MAPPER.writeValueAsBytes(bundle);

        assertThat(BundleScanner.scan(json)).isEqualTo(BundleScanner.scanWithTrees(json));
    }

    @Property(tries = 300)
    void damagedBundlesAreRefusedAsTheTreeScanRefusesThem(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] original = random.nextBoolean() ? Fixtures.bundle() : Fixtures.realSyntheaBundle();
        byte[] json = Arrays.copyOf(original, original.length);
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            int at = random.nextInt(json.length);
            json[at] = DAMAGE[random.nextInt(DAMAGE.length)];
        }
        if (random.nextInt(4) == 0) {
            json = Arrays.copyOf(json, random.nextInt(json.length));
        }

        assertThat(BundleScanner.scan(json)).isEqualTo(BundleScanner.scanWithTrees(json));
    }

    @Test
    void aStringLongerThanTheParserAllowsIsRefusedAsTheTreeScanRefusesIt() {
        int limit = FhirJson.SCAN_MAPPER.getFactory().streamReadConstraints().getMaxStringLength();
        String small = "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o\",\"note\":\"n\"}}";
        StringBuilder json = new StringBuilder(limit + 4096).append("{\"resourceType\":\"Bundle\",\"entry\":[");
        json.append(small.replace("\"n\"", "\"" + "n".repeat(limit + 1) + "\""))
                .append(',')
                .append(small);
        byte[] tooLong = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(BundleScanner.scan(tooLong))
                .isInstanceOf(BundleScanner.Outcome.Unreadable.class)
                .isEqualTo(BundleScanner.scanWithTrees(tooLong));

        StringBuilder many = new StringBuilder(limit + 4096).append("{\"resourceType\":\"Bundle\",\"entry\":[");
        String separator = "";
        while (many.length() <= limit) {
            many.append(separator).append(small.replace("\"n\"", "\"" + "n".repeat(10_000) + "\""));
            separator = ",";
        }
        byte[] longDocument = many.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(BundleScanner.scan(longDocument))
                .isInstanceOf(BundleScanner.Outcome.Scanned.class)
                .isEqualTo(BundleScanner.scanWithTrees(longDocument));
    }

    @Test
    void oddShapesScanAsTheirTreesDo() throws IOException {
        for (String resource : List.of(
                "{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":{\"security\":{\"a\":{\"system\":\""
                        + TagMapping.SECURITY_SYSTEM + "\"},\"b\":[1]}}}",
                "{\"resourceType\":\"Condition\",\"id\":\"c\",\"meta\":[{\"security\":[]}],\"system\":\"s\","
                        + "\"code\":\"k\"}",
                "{\"resourceType\":{\"system\":\"s\",\"code\":\"k\"},\"id\":[{\"system\":\"t\",\"code\":\"m\"}]}",
                "{\"resourceType\":\"Claim\",\"id\":\"c\",\"period\":[{\"start\":\"2020\"}],\"billablePeriod\":"
                        + "{\"start\":\"\",\"end\":\"2021\"},\"created\":\"2022\",\"date\":7}",
                "{\"resourceType\":\"Observation\",\"id\":\"o\",\"category\":{\"system\":\"s\",\"code\":\"k\","
                        + "\"text\":{\"system\":\"t\",\"code\":\"m\"},\"meta\":{\"coding\":[{\"system\":\"u\","
                        + "\"code\":\"n\"}]}},\"text\":{\"system\":\"v\",\"code\":\"p\"}}")) {
            byte[] json = ("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":" + resource + "}]}")
                    .getBytes(StandardCharsets.UTF_8);
            BundleScanner.Outcome streamed = BundleScanner.scan(json);
            assertThat(streamed).isInstanceOf(BundleScanner.Outcome.Scanned.class);
            assertThat(streamed).isEqualTo(BundleScanner.scanWithTrees(json));
        }
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = FhirJson.MAPPER.createObjectNode();
        int members = random.nextInt(depth == 0 ? 8 : 5);
        for (int i = 0; i < members; i++) {
            String name = pick(random, NAMES);
            switch (depth >= 4 ? random.nextInt(3) : random.nextInt(6)) {
                case 0 -> object.put(name, pick(random, TEXTS));
                case 1 -> object.put(name, random.nextInt(3) == 0 ? 1.5 : 7);
                case 2 -> object.put(name, random.nextBoolean());
                case 3, 4 -> object.set(name, randomObject(random, depth + 1));
                default -> {
                    ArrayNode array = object.putArray(name);
                    for (int j = 0; j < random.nextInt(4); j++) {
                        if (random.nextInt(3) == 0) {
                            array.add(pick(random, TEXTS));
                        } else {
                            array.add(randomObject(random, depth + 1));
                        }
                    }
                }
            }
        }
        return object;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
