package health.datasafe.devstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartPolicyTest {

    @Test
    void restartsInARowWaitTwiceAsLongEachUpToTheCap() {
        var policy = new RestartPolicy(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(policy.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.delay(6)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theDefaultProbesEveryFiveSecondsAndRestartsAfterThreeFailures() {
        assertThat(RestartPolicy.DEFAULT.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RestartPolicy.DEFAULT.failedProbes()).isEqualTo(3);
        assertThat(DevstackOptions.parse("--health-interval", "2", "--failed-probes=4").restarts())
                .isEqualTo(RestartPolicy.DEFAULT.withProbeInterval(Duration.ofSeconds(2)).withFailedProbes(4));
    }

    @Test
    void nonsenseIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> DevstackOptions.parse("--failed-probes", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--failed-probes");
        assertThatThrownBy(() -> DevstackOptions.parse("--health-interval", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--health-interval");
    }
}
