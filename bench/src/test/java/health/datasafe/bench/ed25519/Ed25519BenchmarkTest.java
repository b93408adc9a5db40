package health.datasafe.bench.ed25519;

import health.datasafe.bench.ResultFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class Ed25519BenchmarkTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void bothImplementationsSignAndVerifyBothKindsOfMessageAndAgreeOnEverySignature(@TempDir Path dir)
            throws Exception {
        var benchmark = Ed25519OptionsTest.parsed("--duration", "20ms", "--warmup", "0s", "--messages", "8");

        Ed25519Result result = benchmark.measure(out);

        assertThat(result.signaturesIdentical()).isTrue();
        assertThat(result.measurements()).hasSize(8).allSatisfy(m -> {
            assertThat(m.operations()).isPositive();
            assertThat(m.perSecond()).isPositive();
        });
        assertThat(result.measurements()).extracting(Measurement::implementation)
                .containsOnly(Ed25519Benchmark.BOUNCY_CASTLE, Ed25519Benchmark.JDK);
        assertThat(result.comparisons()).hasSize(4)
                .extracting(c -> c.message() + " " + c.operation())
                .containsExactly("block hash sign", "block hash verify", "transaction sign", "transaction verify");
        assertThat(result.comparisons().getFirst().messageBytes()).isEqualTo(32.0);
        // the signing input of a synthetic transaction: its canonical JSON without the signature
        assertThat(result.comparisons().get(2).messageBytes()).isBetween(300.0, 1000.0);
        assertThat(result.comparisons()).allSatisfy(c ->
                assertThat(c.ratio()).isEqualTo(c.bouncyCastlePerSecond() / c.jdkPerSecond()));
        assertThat(result.table()).contains("BouncyCastle /s", "JDK /s", "BC / JDK", "sign block hash (32 B)",
                "identical and cross-verified: yes");

        Path file = dir.resolve("ed25519-result.json");
        ResultFile.write(JsonMapper.builder().build(), result, file);
        JsonNode written = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(written.path("comparisons").size()).isEqualTo(4);
        assertThat(written.path("comparisons").get(0).path("ratio").asDouble())
                .isEqualTo(result.comparisons().getFirst().ratio());
        assertThat(written.path("signaturesIdentical").asBoolean()).isTrue();
    }
}
