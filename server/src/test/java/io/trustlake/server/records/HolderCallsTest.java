package io.trustlake.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.SourcePart;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HolderCallsTest {
    private static Shares.Share share(String organisation) {
        return new Shares.Share(new SourcePart(organisation, organisation, List.of()), organisation + "-hash");
    }

    /** A holder that answers only once all holders counted by {@code together} have been asked. */
    private static HolderCalls.Holder answeringTogether(String organisation, CountDownLatch together, boolean here) {
        return new HolderCalls.Holder(
                () -> {
                    together.countDown();
                    try {
                        if (together.await(10, TimeUnit.SECONDS)) {
                            return share(organisation);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new Federation.Unreachable("asked one after another");
                },
                here);
    }

    @Test
    void everyHolderIsAskedAtOnceAndOutcomesKeepTheirOrder() {
        CountDownLatch together = new CountDownLatch(3);

        List<HolderCalls.Outcome> outcomes = HolderCalls.askAll(List.of(
                answeringTogether("hosp-es", together, false),
                answeringTogether("hosp-nl", together, true),
                answeringTogether("research-se", together, false)));

        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.included()).isTrue());
        assertThat(outcomes)
                .extracting(outcome -> outcome.share().part().organisationId())
                .containsExactly("hosp-es", "hosp-nl", "research-se");
    }

    @Test
    void anUnreachableHolderIsMissingWithItsReasonAndTheOthersAreIncluded() {
        List<HolderCalls.Outcome> outcomes = HolderCalls.askAll(List.of(
                new HolderCalls.Holder(() -> share("hosp-es"), true),
                new HolderCalls.Holder(
                        () -> {
                            throw new Federation.Unreachable("the node answered 503");
                        },
                        false)));

        assertThat(outcomes.get(0).included()).isTrue();
        assertThat(outcomes.get(1).included()).isFalse();
        assertThat(outcomes.get(1).missing()).isEqualTo("the node answered 503");
    }

    @Test
    void aFailureOfTheOwnSelectionFailsTheRequestAndAbandonsTheCallsStillRunning() throws Exception {
        CountDownLatch remoteStarted = new CountDownLatch(1);
        CountDownLatch remoteInterrupted = new CountDownLatch(1);
        HolderCalls.Holder slowRemote = new HolderCalls.Holder(
                () -> {
                    remoteStarted.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        remoteInterrupted.countDown();
                    }
                    throw new Federation.Unreachable("interrupted");
                },
                false);
        HolderCalls.Holder tampered = new HolderCalls.Holder(
                () -> {
                    try {
                        remoteStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new TrustlakeException(ErrorCode.TAMPERING_DETECTED, "hash mismatch");
                },
                true);

        assertThatThrownBy(() -> HolderCalls.askAll(List.of(slowRemote, tampered)))
                .isInstanceOf(TrustlakeException.class)
                .hasMessageContaining("hash mismatch");
        assertThat(remoteInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
