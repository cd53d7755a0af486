package io.trustlake.common.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CanonicalJsonPropertiesTest {
    record Sample(String name, long number, List<String> tags, Instant at) {}

    @Property
    void recordsRoundTripThroughCanonicalJson(
            @ForAll String name,
            @ForAll long number,
            @ForAll @Size(max = 5) List<String> tags,
            @ForAll("instants") Instant at) {
        Sample sample = new Sample(name, number, tags, at);
        assertThat(Json.decode(Json.encode(sample), Sample.class)).isEqualTo(sample);
    }

    @Property
    void encodingDoesNotDependOnMapInsertionOrder(@ForAll @Size(max = 8) Map<String, Integer> entries) {
        Map<String, Integer> sorted = new TreeMap<>(entries);
        Map<String, Integer> reversed = new java.util.LinkedHashMap<>();
        new java.util.ArrayDeque<>(sorted.keySet())
                .descendingIterator()
                .forEachRemaining(k -> reversed.put(k, entries.get(k)));
        assertThat(Json.encode(reversed)).isEqualTo(Json.encode(sorted));
    }

    @Property
    void base64UrlRoundTrips(@ForAll byte[] bytes) {
        assertThat(Base64Url.decode(Base64Url.encode(bytes))).isEqualTo(bytes);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Instant> instants() {
        return net.jqwik.api.Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond);
    }

    @Test
    void canonicalFormSortsKeysAndHasNoWhitespace() {
        assertThat(Json.encodeToString(Map.of("b", 1, "a", List.of("x", "y"))))
                .isEqualTo("{\"a\":[\"x\",\"y\"],\"b\":1}");
    }

    @Test
    void inputErrorsSayWhatIsWrongWithoutNamingOurClasses() {
        assertThat(message("{\"name\":")).contains("ends before");
        assertThat(message("{\"name\" 1}")).contains("not valid JSON").contains("line 1");
        assertThat(message("[1,2]")).contains("JSON object").doesNotContain("io.trustlake", "Sample");
        assertThat(message("{\"at\":\"yesterday\"}")).contains("'at'").doesNotContain("io.trustlake");
    }

    private static String message(String json) {
        try {
            Json.parseInput(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Sample.class);
            return "";
        } catch (TrustlakeException e) {
            return e.getMessage();
        }
    }

    @Test
    void malformedInputIsAClientError() {
        assertThatThrownBy(() ->
                        Json.parseInput("{\"name\":".getBytes(java.nio.charset.StandardCharsets.UTF_8), Sample.class))
                .isInstanceOf(TrustlakeException.class)
                .extracting(e -> ((TrustlakeException) e).code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
    }
}
