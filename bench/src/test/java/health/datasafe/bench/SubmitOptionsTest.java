package health.datasafe.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitOptionsTest {

    private static SubmitBenchmark parsed(String... args) {
        var submit = new SubmitBenchmark();
        new CommandLine(submit).parseArgs(args);
        return submit;
    }

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        SubmitBenchmark submit = parsed();

        assertThat(submit.dataDir).isEqualTo(Path.of(".dsh-data"));
        assertThat(submit.duration).isEqualTo(Duration.ofSeconds(30));
        assertThat(submit.clients).isEqualTo(8);
        assertThat(submit.warmup).isEqualTo(Duration.ofSeconds(5));
        assertThat(submit.recordBytes).isEqualTo(2048);
        assertThat(submit.baselineDuration).isEqualTo(Duration.ofSeconds(10));
        assertThat(submit.output).isNull();
        assertThat(submit.mode()).isNull();
        assertThat(submit.patients).isEqualTo(1000);
        assertThat(submit.step).isEqualTo(Duration.ofSeconds(20));
        assertThat(submit.startRate).isEqualTo(25.0);
        assertThat(submit.factor).isEqualTo(1.5);
        assertThat(submit.commitDeadline).isEqualTo(Duration.ofSeconds(10));
        assertThat(submit.maxOutstanding).isEqualTo(10_000);
        assertThat(submit.overloadDuration).isEqualTo(Duration.ofMinutes(1));
        assertThat(submit.bodies).isNull();
    }

    @Test
    void theOpenLoopModesAreNamedByTheirOption() {
        assertThat(parsed("--rate", "40").mode()).isEqualTo("rate");
        assertThat(parsed("--rate", "40").rate).isEqualTo(40.0);
        assertThat(parsed("--find-max", "--step", "5s", "--patients", "2k").mode()).isEqualTo("find-max");
        assertThat(parsed("--find-max", "--patients", "2k").patients).isEqualTo(2000);
        assertThat(parsed("--overload", "--max", "120.5").mode()).isEqualTo("overload");
        assertThat(parsed("--overload", "--max", "120.5").max).isEqualTo(120.5);
    }

    @Test
    void onlyOneOpenLoopModeAtATime() {
        assertThatThrownBy(() -> parsed("--rate", "10", "--find-max").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("give one of them");
        assertThatThrownBy(() -> parsed("--rate", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> parsed("--find-max", "--factor", "1").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--factor");
        assertThatThrownBy(() -> parsed("--find-max", "--bodies", "lorem").call())
                .isInstanceOf(ParameterException.class).hasMessageContaining("--bodies lorem");
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        SubmitBenchmark submit = parsed("--duration", "2m", "--clients=16", "--warmup", "500ms", "--record-bytes",
                "4k", "--baseline-duration=PT3S", "--data-dir", "/tmp/stack", "--output", "out.json");

        assertThat(submit.duration).isEqualTo(Duration.ofMinutes(2));
        assertThat(submit.clients).isEqualTo(16);
        assertThat(submit.warmup).isEqualTo(Duration.ofMillis(500));
        assertThat(submit.recordBytes).isEqualTo(4000);
        assertThat(submit.baselineDuration).isEqualTo(Duration.ofSeconds(3));
        assertThat(submit.dataDir).isEqualTo(Path.of("/tmp/stack"));
        assertThat(submit.output).isEqualTo(Path.of("out.json"));
    }

    @Test
    void unusableOptionsAreRefusedByName() {
        assertThatThrownBy(() -> parsed("--duration", "0s").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> parsed("--clients", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> parsed("--record-bytes", "100").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--record-bytes");
        assertThatThrownBy(() -> parsed("--record-bytes", "lots")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--record-bytes").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> parsed("--clients")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> parsed("--speed", "9")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--speed");
    }
}
