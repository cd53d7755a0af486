package io.trustlake.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Shared test data: the hand-written Synthea-shaped bundle and a lake on a temporary directory. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String PATIENT_ID = "p-abcdefghijkmnpqrstuvwxyz23";
    static final String SOURCE_PATIENT_ID = "6f2c4b1e-8d3a-4c5e-9f1a-2b3c4d5e6f70";
    static final String DEPRESSION_ID = "a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a52";
    static final Source SOURCE = new Source("synthea", "synthea-patient.json");

    private Fixtures() {}

    static byte[] bundle() {
        return resource("synthea-patient.json");
    }

    /** A real Synthea bundle (158 resources of 14 types), kept compressed. */
    static byte[] realSyntheaBundle() {
        try (InputStream in = new GZIPInputStream(Fixtures.class.getResourceAsStream("synthea-real-patient.json.gz"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String bundleText() {
        return new String(bundle(), StandardCharsets.UTF_8);
    }

    /** The fixture without its urn:trustlake:patient-id identifier. */
    static byte[] bundleWithoutTrustlakeId() {
        String text = bundleText()
                .replace(
                        ",\n          {\n            \"system\": \"urn:trustlake:patient-id\",\n"
                                + "            \"value\": \"p-abcdefghijkmnpqrstuvwxyz23\"\n          }",
                        "");
        if (text.contains("urn:trustlake:patient-id")) {
            throw new IllegalStateException("fixture layout changed");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one release copy object of a patient ingested from a single bundle. */
    static ObjectKey copyKey(Lake lake, String patientId) {
        List<ObjectKey> keys = lake.entries(patientId).stream()
                .filter(entry -> entry.copy() != null)
                .map(entry -> entry.copy().key())
                .distinct()
                .toList();
        if (keys.size() != 1 || !Zone.STRUCTURED.contains(keys.get(0))) {
            throw new AssertionError("expected one release copy object, found " + keys);
        }
        return keys.get(0);
    }

    /** The released resources' JSON as text, in order. */
    static List<String> texts(List<TaggedResource> resources) {
        return resources.stream()
                .map(resource -> new String(resource.json(), StandardCharsets.UTF_8))
                .toList();
    }

    static LakeConfig config(Path root) {
        return LakeConfig.of(root, "hospital-a", KeyEncryptionKey.generate(), CLOCK);
    }

    static Lake openLake(Path root) {
        return Lake.open(config(root));
    }
}
