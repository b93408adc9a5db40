package health.datasafe.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.dataDir()).isEqualTo(Path.of(".dsh-data"));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.clients()).isEqualTo(8);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.recordBytes()).isEqualTo(2048);
        assertThat(options.baselineDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.output()).isNull();
        assertThat(options.help()).isFalse();
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        BenchOptions options = BenchOptions.parse("--duration", "2m", "--clients=16", "--warmup", "500ms",
                "--record-bytes", "4096", "--baseline-duration=PT3S", "--data-dir", "/tmp/stack", "--output", "out.json");

        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.clients()).isEqualTo(16);
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.recordBytes()).isEqualTo(4096);
        assertThat(options.baselineDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/stack"));
        assertThat(options.output()).isEqualTo(Path.of("out.json"));
    }

    @Test
    void durationsAcceptUnitsPlainSecondsAndIso() {
        assertThat(BenchOptions.duration("--x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(BenchOptions.duration("--x", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(BenchOptions.duration("--x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(BenchOptions.duration("--x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(BenchOptions.duration("--x", "pt1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchOptions.duration("--warmup", "0s")).isZero();
    }

    @Test
    void unusableOptionsAreRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "0s")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> BenchOptions.parse("--clients", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> BenchOptions.parse("--record-bytes", "lots")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> BenchOptions.parse("--clients")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--speed", "9")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("unknown option");
    }
}
