package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {
    private static final Pattern SLASH = Pattern.compile("/");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "/etc/passwd",
                "a/../../b",
                "",
                "a\u0000b",
                "..",
                ".",
                "a/./b",
                "a//b",
                "a/",
                "/",
                "a\\..\\b",
                "C:/x",
                "raw/ü",
                "with space"
            })
    void rejectsKeysThatCouldEscapeOrConfuseTheStore(String key) {
        assertThat(ObjectKey.isValid(key)).isFalse();
        assertThatThrownBy(() -> ObjectKey.of(key))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/0a1b", "curated/abc", "consumer/x.y_z-1", "a", "a/b/c", "..a", "a..b"})
    void acceptsRelativeKeysOfPlainSegments(String key) {
        assertThat(ObjectKey.of(key).value()).isEqualTo(key);
    }

    @Test
    void rejectsKeysLongerThan512Characters() {
        assertThat(ObjectKey.isValid("a".repeat(512))).isTrue();
        assertThat(ObjectKey.isValid("a".repeat(513))).isFalse();
    }

    @Property
    void everyValidKeyStaysInsideTheRoot(@ForAll @StringLength(max = 40) String candidate) {
        Path root = Path.of("/srv/lake/objects");
        if (ObjectKey.isValid(candidate)) {
            Path resolved = root.resolve(candidate).normalize();
            assertThat(resolved.startsWith(root) && !resolved.equals(root)).isTrue();
        }
    }

    @Property
    void keysMadeOfSafeCharactersAndSlashesAreValidUnlessTheyHaveEmptyOrDotSegments(
            @ForAll("keyLike") String candidate) {
        boolean hasBadSegment = false;
        for (String segment : SLASH.split(candidate, -1)) {
            hasBadSegment |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        assertThat(ObjectKey.isValid(candidate)).isEqualTo(!hasBadSegment);
    }

    @Provide
    Arbitrary<String> keyLike() {
        return Arbitraries.strings().withChars("ab./").ofMinLength(1).ofMaxLength(12);
    }
}
