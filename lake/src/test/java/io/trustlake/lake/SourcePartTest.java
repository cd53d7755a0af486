package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourcePartTest {
    private static final String OBSERVATION = "{\"resourceType\":\"Observation\",\"id\":\"obs-1\","
            + "\"meta\":{\"tag\":[{\"system\":\"" + TaggedResource.TAG_SYSTEM + "\",\"code\":\"observations\"}]},"
            + "\"valueQuantity\":{\"value\":5.10,\"unit\":\"mmol/L\"},"
            + "\"extension\":[{\"url\":\"urn:x\",\"valueDecimal\":0.12345678901234567890123}]}";

    private static byte[] share(String resources) {
        return ("{\"organisation\":\"org-b\",\"resources\":[" + resources + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aShareIsReadWithItsDecimalsAsWritten() {
        SourcePart part = SourcePart.parse(share(OBSERVATION), "Hospital B");

        assertThat(part.organisationId()).isEqualTo("org-b");
        assertThat(part.organisationName()).isEqualTo("Hospital B");
        assertThat(part.resources()).hasSize(1);
        TaggedResource resource = part.resources().get(0);
        assertThat(resource.resourceType()).isEqualTo("Observation");
        assertThat(resource.resourceId()).isEqualTo("obs-1");
        assertThat(resource.tags()).containsExactly("observations");
        assertThat(new String(resource.json(), StandardCharsets.UTF_8))
                .isEqualTo(OBSERVATION)
                .contains("\"value\":5.10")
                .contains("0.12345678901234567890123");
    }

    @Test
    void readsTheSameResourcesAsReadingEachOnItsOwn() {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"p-1\",\"birthDate\":\"1970-01-01\"}";
        SourcePart part = SourcePart.parse(share(OBSERVATION + "," + patient), "Hospital B");

        assertThat(part.resources()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            TaggedResource alone =
                    TaggedResource.parse((i == 0 ? OBSERVATION : patient).getBytes(StandardCharsets.UTF_8));
            assertThat(part.resources().get(i).json()).isEqualTo(alone.json());
            assertThat(part.resources().get(i).resourceId()).isEqualTo(alone.resourceId());
            assertThat(part.resources().get(i).fullUrl()).isEqualTo(alone.fullUrl());
            assertThat(part.resources().get(i).tags()).isEqualTo(alone.tags());
            assertThat(part.resources().get(i).securityLabels()).isEqualTo(alone.securityLabels());
        }
    }

    @Test
    void aDuplicateKeyAnywhereRejectsTheShare() {
        String duplicated = OBSERVATION.replace("\"unit\":\"mmol/L\"", "\"unit\":\"mmol/L\",\"unit\":\"mg/dL\"");

        assertThatThrownBy(() -> SourcePart.parse(share(duplicated), "Hospital B"))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> SourcePart.parse(
                        "{\"organisation\":\"org-b\",\"organisation\":\"org-c\",\"resources\":[]}"
                                .getBytes(StandardCharsets.UTF_8),
                        "Hospital B"))
                .isInstanceOf(LakeException.class);
    }

    @Test
    void aShareOfAnotherShapeIsRejected() {
        assertThatThrownBy(() ->
                        SourcePart.parse("{\"organisation\":\"org-b\"}".getBytes(StandardCharsets.UTF_8), "Hospital B"))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("resources array");
        assertThatThrownBy(() -> SourcePart.parse(share("42"), "Hospital B"))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> SourcePart.parse(share("{\"resourceType\":\"Patient\"}"), "Hospital B"))
                .isInstanceOf(LakeException.class);
        assertThatThrownBy(() -> SourcePart.parse(
                        "{\"organisation\":\"org-b\",\"resources\":[".getBytes(StandardCharsets.UTF_8), "Hospital B"))
                .isInstanceOf(LakeException.class);
    }
}
