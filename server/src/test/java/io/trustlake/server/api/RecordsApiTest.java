package io.trustlake.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordsApiTest {
    @Test
    void anAcceptHeaderNamingApplicationJoseAsksForAJwe() {
        assertThat(RecordsApi.wantsJose("application/jose")).isTrue();
        assertThat(RecordsApi.wantsJose("Application/JOSE")).isTrue();
        assertThat(RecordsApi.wantsJose("application/fhir+json, application/jose;q=0.5"))
                .isTrue();
        assertThat(RecordsApi.wantsJose(" application/jose ; charset=utf-8")).isTrue();
    }

    @Test
    void anyOtherAcceptHeaderGetsPlainFhirJson() {
        assertThat(RecordsApi.wantsJose(null)).isFalse();
        assertThat(RecordsApi.wantsJose("")).isFalse();
        assertThat(RecordsApi.wantsJose("*/*")).isFalse();
        assertThat(RecordsApi.wantsJose("application/fhir+json")).isFalse();
        assertThat(RecordsApi.wantsJose("application/jose+json")).isFalse();
    }
}
