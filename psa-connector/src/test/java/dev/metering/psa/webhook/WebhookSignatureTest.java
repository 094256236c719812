package dev.metering.psa.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void reproducesTheStandardWebhooksSpecificationsTestVector() {
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreRandomWhsecKeysOf32Bytes() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        assertThat(java.util.Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }

    @Test
    void givenTheSchedule_aFailureIsRetriedAfterItsDelay_untilTheScheduleOrTheThreeDayWindowEnds() {
        RetrySchedule s = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofHours(10), Duration.ofHours(70)),
                Duration.ofDays(3));
        Instant start = Instant.parse("2026-12-01T00:00:00Z");

        assertThat(s.nextAttempt(1, start, start)).isEqualTo(start.plusSeconds(5));
        assertThat(s.nextAttempt(2, start, start.plusSeconds(5))).isEqualTo(start.plusSeconds(5).plus(Duration.ofHours(10)));
        assertThat(s.nextAttempt(3, start, start.plus(Duration.ofHours(10)))).as("beyond 3 days").isNull();
        assertThat(s.nextAttempt(4, start, start)).as("schedule exhausted").isNull();
    }
}
