package health.datasafe.bench.nodes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NodesOptionsTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new NodesBenchmark()).setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args);
    }

    @Test
    void noArgumentsCompareOneNodeWithThreeAtTheDocumentedDefaults() {
        var nodes = new NodesBenchmark();
        new CommandLine(nodes).parseArgs();

        assertThat(nodes.nodes).containsExactly(1, 3);
        assertThat(nodes.rate).isEqualTo(8);
        assertThat(nodes.step).isEqualTo(Duration.ofSeconds(15));
        assertThat(nodes.warmup).isEqualTo(Duration.ofSeconds(5));
        assertThat(nodes.settle).isEqualTo(Duration.ofSeconds(180));
        assertThat(nodes.startRate).isEqualTo(20);
        assertThat(nodes.maxSteps).isEqualTo(10);
        assertThat(nodes.refinements).isEqualTo(2);
        assertThat(nodes.patients).isEqualTo(200);
        assertThat(nodes.commitDeadline).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void nodeCountsOutsideOneToSevenAreRefusedBeforeAnythingStarts() {
        assertThat(run("--nodes", "1,8")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes").contains("1..7");
        assertThat(run("--nodes", "0")).isEqualTo(2);
        assertThat(run("--factor", "1")).isEqualTo(2);
    }

    @Test
    void aRepositoryWithoutTheBuiltDevstackFailsWithOneLineNamingTheJar(@TempDir Path empty) {
        assertThat(run("--repo", empty.toString(), "--work-dir", empty.resolve("work").toString(), "--nodes", "1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("dsh-devstack-launcher.jar is not built");
    }
}
