package health.datasafe.bench.verify;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyOptionsTest {

    static VerifyBenchmark parsed(String... args) {
        var verify = new VerifyBenchmark();
        new CommandLine(verify).parseArgs(args);
        return verify;
    }

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        VerifyBenchmark verify = parsed();

        assertThat(verify.transactions).isEqualTo(200_000);
        assertThat(verify.shards).isEqualTo(3);
        assertThat(verify.blockSize).isEqualTo(500);
        assertThat(verify.rounds).isEqualTo(5);
        assertThat(verify.warmupRounds).isEqualTo(2);
        assertThat(verify.output).isNull();
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        VerifyBenchmark verify = parsed("--transactions", "50k", "--shards=4", "--block-size", "250", "--rounds", "7",
                "--warmup-rounds=0", "--output", "v.json");

        assertThat(verify.transactions).isEqualTo(50_000);
        assertThat(verify.shards).isEqualTo(4);
        assertThat(verify.blockSize).isEqualTo(250);
        assertThat(verify.rounds).isEqualTo(7);
        assertThat(verify.warmupRounds).isZero();
        assertThat(verify.output).isEqualTo(Path.of("v.json"));
    }

    @Test
    void unusableOptionsAreRefusedByNameBeforeAnythingStarts() {
        assertThatThrownBy(() -> parsed("--transactions", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--transactions");
        assertThatThrownBy(() -> parsed("--block-size", "big")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--block-size");
        assertThatThrownBy(() -> parsed("--rounds", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rounds");
        assertThatThrownBy(() -> parsed("--clients", "8")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> parsed("--shards")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--shards");
    }

    @Test
    void optionsThatNoLongerChangeEitherPassAreRefused() {
        // ChainAudit reads on one connection and thread, 1000 rows per fetch, and so does the scan
        assertThatThrownBy(() -> parsed("--threads", "2")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parsed("--fetch-size", "5000")).isInstanceOf(ParameterException.class);
    }
}
