package health.datasafe.bench.verify;

import health.datasafe.bench.InvalidOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        VerifyOptions options = VerifyOptions.parse();

        assertThat(options.transactions()).isEqualTo(200_000);
        assertThat(options.shards()).isEqualTo(3);
        assertThat(options.blockSize()).isEqualTo(500);
        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.warmupRounds()).isEqualTo(2);
        assertThat(options.output()).isNull();
        assertThat(options.help()).isFalse();
        assertThat(VerifyOptions.parse()).isEqualTo(VerifyOptions.defaults());
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        VerifyOptions options = VerifyOptions.parse("--transactions", "50k", "--shards=4", "--block-size", "250",
                "--rounds", "7", "--warmup-rounds=0", "--output", "v.json");

        assertThat(options).isEqualTo(new VerifyOptions(50_000, 4, 250, 7, 0, Path.of("v.json"), false));
    }

    @Test
    void unusableOptionsAreRefusedByName() {
        assertThatThrownBy(() -> VerifyOptions.parse("--transactions", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--transactions");
        assertThatThrownBy(() -> VerifyOptions.parse("--block-size", "big")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--block-size");
        assertThatThrownBy(() -> VerifyOptions.parse("--rounds", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--rounds");
        assertThatThrownBy(() -> VerifyOptions.parse("--clients", "8")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> VerifyOptions.parse("--shards")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void helpIsAskedForAndTheUsageNamesEveryOption() {
        assertThat(VerifyOptions.parse("--help").help()).isTrue();
        assertThat(VerifyOptions.USAGE).contains("--transactions", "--shards", "--block-size", "--rounds",
                "--warmup-rounds", "--output");
    }
}
