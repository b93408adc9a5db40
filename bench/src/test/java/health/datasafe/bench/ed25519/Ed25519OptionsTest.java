package health.datasafe.bench.ed25519;

import health.datasafe.bench.InvalidOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519OptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        assertThat(Ed25519Options.parse()).isEqualTo(
                new Ed25519Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 256, null, false));
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        assertThat(Ed25519Options.parse("--duration", "10s", "--warmup=500ms", "--messages", "64", "--output=e.json"))
                .isEqualTo(new Ed25519Options(Duration.ofSeconds(10), Duration.ofMillis(500), 64, Path.of("e.json"),
                        false));
    }

    @Test
    void unusableOptionsAreRefusedByName() {
        assertThatThrownBy(() -> Ed25519Options.parse("--duration", "0s")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> Ed25519Options.parse("--messages", "none")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--messages");
        assertThatThrownBy(() -> Ed25519Options.parse("--transactions", "5")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("unknown option");
    }
}
