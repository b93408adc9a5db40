package health.datasafe.bench.replay;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayOptionsTest {

    static ReplayBenchmark parsed(String... args) {
        var replay = new ReplayBenchmark();
        new CommandLine(replay).parseArgs(args);
        return replay;
    }

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        ReplayBenchmark replay = parsed();

        assertThat(replay.transactions).isEqualTo(200_000);
        assertThat(replay.partitions).isEqualTo(3);
        assertThat(replay.epochSize).isEqualTo(500);
        assertThat(replay.rounds).isEqualTo(3);
        assertThat(replay.warmupRounds).isEqualTo(1);
        assertThat(replay.output).isNull();
    }

    @Test
    void optionsAreReadWithSpaceOrEqualsSign() {
        ReplayBenchmark replay = parsed("--transactions", "50k", "--partitions=4", "--epoch-size", "250", "--rounds",
                "5", "--warmup-rounds=0", "--output", "r.json");

        assertThat(replay.transactions).isEqualTo(50_000);
        assertThat(replay.partitions).isEqualTo(4);
        assertThat(replay.epochSize).isEqualTo(250);
        assertThat(replay.rounds).isEqualTo(5);
        assertThat(replay.warmupRounds).isZero();
        assertThat(replay.output).isEqualTo(Path.of("r.json"));
    }

    @Test
    void unusableOptionsAreRefusedByNameBeforeAnythingStarts() {
        assertThatThrownBy(() -> parsed("--transactions", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--transactions");
        assertThatThrownBy(() -> parsed("--epoch-size", "20000").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--epoch-size");
        assertThatThrownBy(() -> parsed("--rounds", "0").call()).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rounds");
        assertThatThrownBy(() -> parsed("--partitions", "many")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--partitions");
        assertThatThrownBy(() -> parsed("--shards", "3")).isInstanceOf(ParameterException.class);
    }
}
