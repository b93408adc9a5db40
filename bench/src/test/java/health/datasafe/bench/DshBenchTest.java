package health.datasafe.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DshBenchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DshBench.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void optionsWithoutACommandStillRunTheSubmitBenchmark() {
        assertThat(DshBench.withCommand("--duration", "30s", "--clients", "8"))
                .containsExactly("submit", "--duration", "30s", "--clients", "8");
        assertThat(DshBench.withCommand()).containsExactly("submit");
        assertThat(DshBench.withCommand("--duration", "5s", "--help")).containsExactly("submit", "--duration", "5s",
                "--help");
    }

    @Test
    void theFirstWordNamesTheBenchmarkAndTheRestAreItsOptions() {
        assertThat(DshBench.withCommand("verify", "--transactions", "200000"))
                .containsExactly("verify", "--transactions", "200000");
        assertThat(DshBench.withCommand("ed25519")).containsExactly("ed25519");
    }

    @Test
    void helpAloneListsTheBenchmarksAndExitsWithZero() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("submit", "verify", "ed25519");
        assertThat(run("help")).isZero();
    }

    @Test
    void helpAfterACommandListsThatBenchmarksOptions() {
        assertThat(run("verify", "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--transactions", "--shards", "--block-size",
                "--rounds", "--warmup-rounds", "--output", "ChainAudit");
        assertThat(run("--duration", "5s", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--clients", "--baseline-duration");
    }

    @Test
    void aBadOptionOrCommandExitsWithTwoAndOneLineNamingIt() {
        assertThat(run("verify", "--rounds", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("verify", "--rounds 0: must be between 1 and 100");
        assertThat(run("verify", "--threads", "2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threads");
        assertThat(run("ed25519", "--messages", "lots")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--messages", "not a whole number");
        assertThat(run("--clients", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("submit", "--clients 0");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("frobnicate");
    }

    @Test
    void overloadWithoutAMaximumExitsWithTwoAndSaysWhereItLooked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("devstack.json"), """
                {"gatewayUrl":"http://127.0.0.1:9","jdbcUrl":"jdbc:postgresql://127.0.0.1:9/postgres",\
                "username":"postgres","password":"postgres"}""");

        assertThat(run("submit", "--overload", "--data-dir", dir.toString(), "--output",
                dir.resolve("none.json").toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--overload needs --max", "none.json");
    }

    @Test
    void submitWithoutARunningDevstackExitsWithTwo(@TempDir Path empty) {
        assertThat(run("--data-dir", empty.toString(), "--duration", "1s")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("devstack.json", "no such file");
    }
}
