package health.datasafe.bench.ed25519;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519OptionsTest {

    static Ed25519Benchmark parsed(String... args) {
        var ed25519 = new Ed25519Benchmark();
        new CommandLine(ed25519).parseArgs(args);
        return ed25519;
    }

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        Ed25519Benchmark ed25519 = parsed();

        assertThat(ed25519.duration).isEqualTo(Duration.ofSeconds(5));
        assertThat(ed25519.warmup).isEqualTo(Duration.ofSeconds(2));
        assertThat(ed25519.messages).isEqualTo(256);
        assertThat(ed25519.output).isNull();
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        Ed25519Benchmark ed25519 = parsed("--duration", "10s", "--warmup=500ms", "--messages", "64", "--output=e.json");

        assertThat(ed25519.duration).isEqualTo(Duration.ofSeconds(10));
        assertThat(ed25519.warmup).isEqualTo(Duration.ofMillis(500));
        assertThat(ed25519.messages).isEqualTo(64);
        assertThat(ed25519.output).isEqualTo(Path.of("e.json"));
    }

    @Test
    void unusableOptionsAreRefusedByName() {
        assertThatThrownBy(() -> parsed("--duration", "0s").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> parsed("--messages", "none")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--messages");
        assertThatThrownBy(() -> parsed("--transactions", "5")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--transactions");
    }
}
