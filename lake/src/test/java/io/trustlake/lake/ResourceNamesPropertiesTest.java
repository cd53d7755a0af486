package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Ingestion's hand-written checks of resource types and ids accept exactly what the patterns do. */
class ResourceNamesPropertiesTest {
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    @Property(tries = 2000)
    void typesAndIdsAreCheckedAsThePatternsSay(@ForAll("names") String name) {
        assertThat(BundleIngestion.isResourceType(name))
                .isEqualTo(RESOURCE_TYPE.matcher(name).matches());
        assertThat(BundleIngestion.isResourceId(name))
                .isEqualTo(RESOURCE_ID.matcher(name).matches());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("AZaz09-._/ é\n@[`{").ofMaxLength(70),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(66),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars("-.")
                        .ofMinLength(60)
                        .ofMaxLength(66),
                Arbitraries.strings().all().ofMaxLength(10));
    }
}
