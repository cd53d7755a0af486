package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.TrustlakeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientKeysTest {
    private static final String JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\"}";

    @TempDir
    Path root;

    @Test
    void aRegisteredKeySurvivesARestartAndCanBeReplacedAndRemoved() {
        LakeConfig config = Fixtures.config(root);
        try (Lake lake = Lake.open(config)) {
            lake.deliveries().registerRecipientKey("hosp-es:api-client", JWK);
        }
        try (Lake lake = Lake.open(config)) {
            assertThat(lake.deliveries().recipientKey("hosp-es:api-client")).contains(JWK);
            assertThat(lake.deliveries().recipientKey("hosp-es:someone-else")).isEmpty();

            lake.deliveries().registerRecipientKey("hosp-es:api-client", "{}");
            assertThat(lake.deliveries().recipientKey("hosp-es:api-client")).contains("{}");

            assertThat(lake.deliveries().removeRecipientKey("hosp-es:api-client"))
                    .isTrue();
            assertThat(lake.deliveries().removeRecipientKey("hosp-es:api-client"))
                    .isFalse();
            assertThat(lake.deliveries().recipientKey("hosp-es:api-client")).isEmpty();
        }
    }

    @Test
    void aMalformedUserIdIsRefused() {
        try (Lake lake = Fixtures.openLake(root)) {
            assertThatThrownBy(() -> lake.deliveries().registerRecipientKey("../x", JWK))
                    .isInstanceOf(TrustlakeException.class);
            assertThat(lake.deliveries().recipientKey("../x")).isEmpty();
        }
    }
}
