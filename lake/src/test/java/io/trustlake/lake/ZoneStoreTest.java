package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneStoreTest {
    private static final byte[] ORIGINAL = "original".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVIL = "overwritten".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private FileSystemObjectStore store;
    private ObjectKey raw;
    private ObjectKey consumer;

    @BeforeEach
    void fill() {
        store = FileSystemObjectStore.open(root);
        raw = new RawZone(store).put(ORIGINAL);
        consumer = Zone.CONSUMER.key("request");
        store.put(consumer, ORIGINAL);
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LakeException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void writesInsideTheZoneLand() {
        ZoneStore workspace = new ZoneStore(store, Zone.WORKSPACE);
        ObjectKey key = ObjectKey.of("workspace/extract/file.json");

        workspace.put(key, ORIGINAL);

        assertThat(store.get(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ORIGINAL));
        assertThat(workspace.list("workspace/")).containsExactly(key);
        assertThat(workspace.delete(key)).isTrue();
    }

    @Test
    void theWorkspaceViewCannotWriteDeleteOrMoveAnotherZonesObjects() {
        ZoneStore workspace = new ZoneStore(store, Zone.WORKSPACE);

        assertForbidden(() -> workspace.put(raw, EVIL));
        assertForbidden(() -> workspace.put(consumer, EVIL));
        assertForbidden(() -> workspace.put(ObjectKey.of("analytics/x/y.ndjson"), EVIL));
        assertForbidden(() -> workspace.put(ObjectKey.of("workspacex/y"), EVIL));
        assertForbidden(() -> workspace.delete(raw));
        assertForbidden(() -> workspace.move(raw, ObjectKey.of("workspace/stolen")));
        assertForbidden(() -> workspace.move(ObjectKey.of("workspace/a"), consumer));

        assertThat(store.get(raw)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ORIGINAL));
        assertThat(store.get(consumer))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ORIGINAL));
        assertThat(store.list("workspace/")).isEmpty();
        assertThat(store.list("analytics/")).isEmpty();
    }

    @Test
    void theAnalyticsViewCannotReadOrListOtherZones() {
        ZoneStore analytics = new ZoneStore(store, Zone.ANALYTICS);

        assertForbidden(() -> analytics.get(raw));
        assertForbidden(() -> analytics.exists(consumer));
        assertForbidden(() -> analytics.read(raw, 0, 1));
        assertForbidden(() -> analytics.list("raw/"));
        assertForbidden(() -> analytics.list(""));
        assertForbidden(() -> analytics.put(ObjectKey.of("workspace/x"), EVIL));
    }
}
