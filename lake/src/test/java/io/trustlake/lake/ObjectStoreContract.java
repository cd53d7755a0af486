package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each implementation: a subclass supplies a
 * fresh, empty store per test.
 */
abstract class ObjectStoreContract {
    /** A new, empty store. */
    abstract ObjectStore emptyStore();

    @Test
    void storesReadsAndDeletesObjects() {
        ObjectStore store = emptyStore();
        ObjectKey key = ObjectKey.of("raw/abc");
        store.put(key, "hello".getBytes(UTF_8));

        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("hello"));
        assertThat(store.delete(key)).isTrue();
        assertThat(store.exists(key)).isFalse();
        assertThat(store.get(key)).isEmpty();
        assertThat(store.delete(key)).isFalse();
    }

    @Test
    void aMissingObjectIsEmptyNotAnError() {
        ObjectStore store = emptyStore();
        ObjectKey missing = ObjectKey.of("curated/never-written");

        assertThat(store.get(missing)).isEmpty();
        assertThat(store.read(missing, 0, 1)).isEmpty();
        assertThat(store.exists(missing)).isFalse();
        assertThat(store.delete(missing)).isFalse();
        assertThat(store.move(missing, ObjectKey.of("consumer/elsewhere"))).isFalse();
        assertThat(store.exists(ObjectKey.of("consumer/elsewhere"))).isFalse();
    }

    @Test
    void storesAnEmptyObject() {
        ObjectStore store = emptyStore();
        ObjectKey key = ObjectKey.of("raw/empty");
        store.put(key, new byte[0]);

        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEmpty());
    }

    @Test
    void aSecondPutReplacesTheFirst() {
        ObjectStore store = emptyStore();
        ObjectKey key = ObjectKey.of("curated/r1");
        store.put(key, "first, and longer".getBytes(UTF_8));
        store.put(key, "second".getBytes(UTF_8));

        assertThat(store.get(key))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("second"));
        assertThat(store.list("curated/")).containsExactly(key);
    }

    @Test
    void readsASliceAndRefusesOneBeyondTheEnd() {
        ObjectStore store = emptyStore();
        ObjectKey key = ObjectKey.of("raw/slice");
        store.put(key, "0123456789".getBytes(UTF_8));

        assertThat(store.read(key, 3, 4))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("3456"));
        assertThat(store.read(key, 6, 4))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("6789"));
        assertThat(store.read(key, 8, 4)).isEmpty();
        assertThat(store.read(key, 10, 1)).isEmpty();
        assertThat(store.read(key, 42, 1)).isEmpty();
        assertThat(store.read(key, -1, 1)).isEmpty();
    }

    @Test
    void listsKeysByPrefixInAscendingOrder() {
        ObjectStore store = emptyStore();
        for (String key : new String[] {"raw/b", "raw/a", "curated/x", "consumer/y", "raw/sub/c", "rawish/d"}) {
            store.put(ObjectKey.of(key), new byte[] {1});
        }

        assertThat(store.list("raw/")).extracting(ObjectKey::value).containsExactly("raw/a", "raw/b", "raw/sub/c");
        assertThat(store.list("c")).extracting(ObjectKey::value).containsExactly("consumer/y", "curated/x");
        assertThat(store.list("raw/su")).extracting(ObjectKey::value).containsExactly("raw/sub/c");
        assertThat(store.list(""))
                .extracting(ObjectKey::value)
                .containsExactly("consumer/y", "curated/x", "raw/a", "raw/b", "raw/sub/c", "rawish/d");
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void refusesAnInvalidListPrefix() {
        ObjectStore store = emptyStore();
        for (String prefix : new String[] {"../", "/raw/", "raw/../", "raw//", "raw\\a", "a/./b"}) {
            assertThatThrownBy(() -> store.list(prefix))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void movesAnObjectToAnotherZone() {
        ObjectStore store = emptyStore();
        store.put(Zone.CURATED.key("r1"), "sealed".getBytes(UTF_8));
        store.put(Zone.CONSUMER.key("r1"), "old".getBytes(UTF_8));

        assertThat(store.move(Zone.CURATED.key("r1"), Zone.CONSUMER.key("r1"))).isTrue();
        assertThat(store.exists(Zone.CURATED.key("r1"))).isFalse();
        assertThat(store.get(Zone.CONSUMER.key("r1")))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("sealed"));
        assertThat(store.move(Zone.CURATED.key("r1"), Zone.CONSUMER.key("r1"))).isFalse();
    }

    @Test
    void roundTripsALargeObjectByteForByte() {
        ObjectStore store = emptyStore();
        byte[] content = new byte[8 * 1024 * 1024 + 7];
        new Random(20261123L).nextBytes(content);
        ObjectKey key = ObjectKey.of("raw/large.bin");
        store.put(key, content);

        assertThat(store.get(key)).hasValueSatisfying(bytes -> assertThat(Arrays.equals(bytes, content))
                .as("8 MiB object read back byte for byte")
                .isTrue());
        int tail = 4096;
        assertThat(store.read(key, content.length - tail, tail)).hasValueSatisfying(bytes -> assertThat(bytes)
                .isEqualTo(Arrays.copyOfRange(content, content.length - tail, content.length)));
        assertThat(store.read(key, content.length - tail, tail + 1)).isEmpty();
    }

    @Test
    void keysThatCouldEscapeTheStoreCannotEvenBeNamed() {
        for (String bad :
                new String[] {"../etc/passwd", "/abs", "raw/../x", "raw//x", "raw/", "", "a\\b", "a/%2e%2e"}) {
            assertThatThrownBy(() -> ObjectKey.of(bad))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(() -> ObjectKey.of("a".repeat(ObjectKey.MAX_LENGTH + 1)))
                .isInstanceOf(LakeException.class);
    }
}
