package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class BundleScannerPropertiesTest {
    @Property(tries = 200)
    void everyRecordedSliceIsExactlyItsResourceWhateverTheCharacters(
            @ForAll @Size(max = 6) List<@StringLength(max = 30) String> texts, @ForAll boolean pretty)
            throws IOException {
        ObjectNode bundle = FhirJson.MAPPER.createObjectNode().put("resourceType", "Bundle");
        ArrayNode entries = bundle.putArray("entry");
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode resource =
                    entries.addObject().put("fullUrl", "urn:uuid:" + i).putObject("resource");
            resource.put("resourceType", "Observation").put("id", "o" + i).put("note", texts.get(i));
            resource.putArray("valueList")
                    .add(texts.get(i))
                    .add(new BigDecimal("1.50"))
                    .addObject()
                    .put("x", texts.get(i));
        }
        byte[] json = pretty
                ? FhirJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle)
                : FhirJson.MAPPER.writeValueAsBytes(bundle);

        BundleScanner.Outcome outcome = BundleScanner.scan(json);

        assertThat(outcome).isInstanceOfSatisfying(BundleScanner.Outcome.Scanned.class, scanned -> {
            assertThat(scanned.entries()).hasSize(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                ScannedEntry entry = scanned.entries().get(i);
                byte[] slice = Arrays.copyOfRange(json, entry.offset(), entry.offset() + entry.length());
                JsonNode reparsed = FhirJson.readStoredObject(slice);
                assertThat(reparsed).isEqualTo(bundle.path("entry").get(i).path("resource"));
                assertThat(entry.fullUrl()).isEqualTo("urn:uuid:" + i);
            }
        });
    }

    @Property(tries = 200)
    void anyPrefixOfABundleIsRejectedNeverAccepted(@ForAll("cut") int cut) {
        byte[] bundle = Fixtures.bundle();
        int length = Math.floorMod(cut, bundle.length - 1);
        BundleScanner.Outcome outcome = BundleScanner.scan(Arrays.copyOf(bundle, length));

        assertThat(outcome).isInstanceOf(BundleScanner.Outcome.Unreadable.class);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }
}
