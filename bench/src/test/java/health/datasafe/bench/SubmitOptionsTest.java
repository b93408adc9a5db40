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
