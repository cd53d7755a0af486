package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReleaseFormPropertiesTest {
    @Property(tries = 2000)
    void textIsQuotedAsJacksonQuotesIt(@ForAll("texts") String text) {
        StringBuilder expected = new StringBuilder("\"");
        JsonStringEncoder.getInstance().quoteAsString(text, expected);

        assertThat(ReleaseForm.quote(new StringBuilder(), text).toString())
                .isEqualTo(expected.append('"').toString());
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(40),
                Arbitraries.strings().withCharRange((char) 0x1e, (char) 0x80).ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(12));
    }
}
