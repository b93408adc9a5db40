package health.datasafe.bench.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay command as it is run, on a tiny topic, with its own embedded PostgreSQL and Kafka broker: every replay
 * must rebuild every transaction and be confirmed against its own newest checkpoint (else the exit code is 1), and the
 * result file must carry the three rates, their ratio and the breakdown. No assertion on how fast anything is.
 */
class ReplayBenchmarkIntegrationTest {

    private static final int TRANSACTIONS = 2_000;

    @Test
    void theCommandRebuildsTheLedgerAndWritesItsFiguresToTheResultFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("replay-result.json");

        int exit = new CommandLine(new ReplayBenchmark()).execute("--transactions", Integer.toString(TRANSACTIONS),
                "--epoch-size", "100", "--rounds", "1", "--warmup-rounds", "0", "--output", file.toString());

        assertThat(exit).isZero();
        JsonNode result = JsonMapper.builder().build().readTree(file.toFile());
        for (String rate : new String[] {"replayPerSecond", "consumePerSecond", "insertPerSecond", "ratio"}) {
            assertThat(result.path(rate).asDouble()).as(rate).isPositive();
        }
        assertThat(result.path("ratio").asDouble()).isEqualTo(result.path("replayPerSecond").asDouble()
                / Math.min(result.path("consumePerSecond").asDouble(), result.path("insertPerSecond").asDouble()));
        assertThat(result.path("goalMet").asBoolean()).isEqualTo(result.path("ratio").asDouble() >= 0.4);
        assertThat(result.path("processors").asInt()).isPositive();
        assertThat(result.path("java").asString()).isNotBlank();
        assertThat(result.path("postgres").asString()).startsWith("PostgreSQL");

        JsonNode topic = result.path("topic");
        assertThat(topic.path("transactions").asLong()).isEqualTo(TRANSACTIONS);
        assertThat(topic.path("partitions").asInt()).isEqualTo(3);
        long epochs = topic.path("epochs").asLong();
        // an epoch ends when one of the 3 partitions holds 100: at least 2000 / 300 of them
        assertThat(epochs).isGreaterThanOrEqualTo(TRANSACTIONS / 300);
        assertThat(topic.path("records").asLong()).isEqualTo(TRANSACTIONS + 3 * epochs);

        JsonNode ledger = result.path("ledger");
        assertThat(ledger.path("transactions").asLong()).isEqualTo(TRANSACTIONS);
        assertThat(ledger.path("checkpoints").asLong()).isEqualTo(ledger.path("blocks").asLong());
        assertThat(ledger.path("offsetUpdates").asLong()).isEqualTo(3 * epochs);
        for (String pass : new String[] {"consume", "insert", "replay"}) {
            assertThat(result.path(pass).path("rounds")).as(pass).hasSize(1);
            assertThat(result.path(pass).path("median").path("transactions").asLong()).as(pass).isEqualTo(TRANSACTIONS);
        }
        assertThat(result.path("confirmedNote").asString()).contains("\n0 ", "\n1 ", "\n2 ");
        JsonNode breakdown = result.path("breakdown");
        assertThat(breakdown.path("replaySeconds").asDouble()).isPositive();
        assertThat(breakdown.path("jdbcSeconds").asDouble()).isPositive();
        assertThat(breakdown.path("kafkaSeconds").asDouble()).isPositive();
        // two passes timed one after the other over 2,000 records: which one is faster is the JIT's and the
        // machine's noise (CI saw the signatures alone take 0.33 s against 0.25 s for all of admission)
        assertThat(breakdown.path("admissionSeconds").asDouble()).isPositive();
        assertThat(breakdown.path("signatureSeconds").asDouble()).isPositive();
        assertThat(breakdown.path("decisionSignatureSeconds").asDouble()).isPositive();
    }
}
