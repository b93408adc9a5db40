package health.datasafe.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DshBenchTest {

    @Test
    void optionsWithoutACommandStillRunTheSubmitBenchmark() {
        var command = DshBench.Command.of("--duration", "30s", "--clients", "8");

        assertThat(command.name()).isEqualTo("submit");
        assertThat(command.options()).containsExactly("--duration", "30s", "--clients", "8");
        assertThat(DshBench.Command.of().name()).isEqualTo("submit");
    }

    @Test
    void theFirstWordNamesTheBenchmarkAndTheRestAreItsOptions() {
        assertThat(DshBench.Command.of("submit", "--clients", "8").options()).containsExactly("--clients", "8");
        var verify = DshBench.Command.of("verify", "--transactions", "200000");
        assertThat(verify.name()).isEqualTo("verify");
        assertThat(verify.options()).containsExactly("--transactions", "200000");
        assertThat(DshBench.Command.of("ed25519").name()).isEqualTo("ed25519");
        assertThat(DshBench.Command.of("ed25519").options()).isEmpty();
    }

    @Test
    void helpAloneAsksAboutTheJarButAfterACommandAboutThatBenchmark() {
        assertThat(DshBench.Command.of("--help").name()).isEqualTo("help");
        assertThat(DshBench.Command.of("verify", "--help").name()).isEqualTo("verify");
        assertThat(DshBench.Command.of("--duration", "5s", "--help").name()).isEqualTo("submit");
        assertThat(DshBench.USAGE).contains("submit", "verify", "ed25519");
    }
}
