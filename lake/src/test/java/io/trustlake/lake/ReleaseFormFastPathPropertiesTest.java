package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The fast release-form pass against the tree path on random resources: keys that matter to it
 * ({@code meta}, {@code reference}, {@code type}, {@code identifier}, {@code tag}), conditional and
 * plain references, escapes and non-ASCII text, nesting, and whitespace between any two tokens.
 * The output must be the same JSON as the tree path's and compact, whatever path it took.
 */
class ReleaseFormFastPathPropertiesTest {
    private static final ResourceTags TAGS =
            new ResourceTags(new TreeSet<>(List.of("conditions", "encounters")), new TreeSet<>(List.of("PSY")));
    private static final List<String> KEYS =
            List.of("meta", "reference", "type", "identifier", "tag", "security", "display", "code", "value", "id");
    private static final List<String> TEXTS = List.of(
            "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999",
            "Organization?identifier=https://github.com/synthetichealth/synthea|abc",
            "Location?identifier=x",
            "urn:uuid:1234",
            "Patient/p1",
            "quote \" and backslash \\ inside",
            "tab\tnew\nline",
            "non-ASCII: Zoë, 東京, 🙂",
            "a long plain value that runs past several eight-byte words of input",
            "");

    @Property(tries = 1500)
    void fastPathGivesTheTreePathsJsonCompactly(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        byte[] json = randomResource(random);

        byte[] fast = ReleaseForm.of(json, 0, json.length, TAGS, TagMapping.defaults());
        JsonNode released = FhirJson.MAPPER.readTree(fast);

        assertThat(released)
                .isEqualTo(FhirJson.MAPPER.readTree(ReleaseForm.viaTree(json, TAGS, TagMapping.defaults())));
        assertThat(new String(fast, UTF_8)).isEqualTo(new String(FhirJson.write(released), UTF_8));
    }

    /**
     * What a release copy relies on: the fast path reports where it put the labels, and a stored
     * release form with other labels put in their place is byte for byte the release form made
     * with those labels.
     */
    @Property(tries = 1000)
    void aStoredReleaseFormWithOtherLabelsSplicedInIsTheReleaseFormWithThoseLabels(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] json = randomResource(random);
        ResourceTags other = random.nextBoolean()
                ? new ResourceTags(new TreeSet<>(List.of("lab-results")), new TreeSet<>())
                : new ResourceTags(
                        new TreeSet<>(List.of("conditions", "mental-health", "sexual-health")),
                        new TreeSet<>(List.of("ETH", "SEX")));
        byte[] labels = ReleaseForm.labelMembers(TAGS, TagMapping.defaults());
        byte[] otherLabels = ReleaseForm.labelMembers(other, TagMapping.defaults());

        ReleaseForm.Writer writer = new ReleaseForm.Writer(16);
        writer.append(new byte[] {'{', '}'}, 0, 2, TAGS, TagMapping.defaults());
        int start = writer.append(json, 0, json.length, TAGS, TagMapping.defaults());
        int labelsAt = writer.labelsAt();
        byte[] stored = java.util.Arrays.copyOfRange(writer.buffer(), start, writer.size());
        if (labelsAt < 0) {
            return;
        }
        assertThat(java.util.Arrays.copyOfRange(writer.buffer(), labelsAt, labelsAt + labels.length))
                .isEqualTo(labels);
        ReleaseForm.Writer again = new ReleaseForm.Writer(16);
        again.append(new byte[] {'{', '}'}, 0, 2, TAGS, TagMapping.defaults());
        int at = again.appendWithLabels(stored, 0, stored.length, labelsAt - start, labels.length, otherLabels);

        assertThat(new String(java.util.Arrays.copyOfRange(again.buffer(), at, again.size()), UTF_8))
                .isEqualTo(new String(ReleaseForm.of(json, 0, json.length, other, TagMapping.defaults()), UTF_8));
    }

    /** A random Encounter as stored JSON, with random whitespace. */
    private static byte[] randomResource(Random random) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("resourceType", "Encounter");
        resource.put("id", "e" + random.nextInt(1000));
        fill(resource, random, 0);
        return spaced(FhirJson.write(resource), random);
    }

    private static void fill(ObjectNode object, Random random, int depth) {
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            String key = KEYS.get(random.nextInt(KEYS.size())) + (random.nextInt(4) == 0 ? "x" : "");
            switch (depth >= 3 ? random.nextInt(3) : random.nextInt(6)) {
                case 0 -> object.put(key, TEXTS.get(random.nextInt(TEXTS.size())));
                case 1 -> object.put(key, random.nextInt(2000) - 1000);
                case 2 -> object.put(key, random.nextBoolean());
                case 3 -> fill(object.putObject(key), random, depth + 1);
                case 4 -> {
                    ArrayNode array = object.putArray(key);
                    for (int j = random.nextInt(3); j > 0; j--) {
                        fill(array.addObject(), random, depth + 1);
                    }
                }
                default ->
                    object.putObject(key)
                            .put("reference", TEXTS.get(random.nextInt(3)))
                            .put("display", TEXTS.get(random.nextInt(TEXTS.size())));
            }
        }
    }

    /** Random whitespace before and after every structural character outside strings. */
    private static byte[] spaced(byte[] compact, Random random) {
        StringBuilder out = new StringBuilder();
        String text = new String(compact, UTF_8);
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            boolean structural = "{}[]:,".indexOf(c) >= 0;
            if (structural) {
                out.append(whitespace(random));
            }
            out.append(c);
            if (structural) {
                out.append(whitespace(random));
            }
            inString = c == '"';
        }
        return out.toString().getBytes(UTF_8);
    }

    private static String whitespace(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\r\n\t";
            case 3 -> "          ";
            default -> "";
        };
    }
}
