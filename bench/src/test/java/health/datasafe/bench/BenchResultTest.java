package health.datasafe.bench;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.latency.LatencySummary;
import health.datasafe.bench.submit.SubmitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchResultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SubmitResult submit = new SubmitResult(300, 30, 10, new LatencySummary(300, 150, 400, 512.5, 170),
            2, 5, 40, 0, 1, List.of("RequestRefused: boom"));
    private final BaselineResult baseline = new BaselineResult(8, 2048, 50_000, 10, 5000, 50_003, 0, List.of());

    @Test
    void ratioIsCommittedPerSecondOverRawInsertsPerSecond() {
        assertThat(BenchResult.ratio(submit, baseline)).isEqualTo(0.002);
        assertThat(BenchResult.ratio(submit, new BaselineResult(8, 2048, 0, 10, 0, 0, 3, List.of()))).isNull();
    }

    @Test
    void resultIsWrittenAsJsonWithTheFiguresOfTheTable(@TempDir Path dir) throws IOException {
        var result = new BenchResult("bench-x", "2030-01-01T00:00:00Z", "http://localhost:8080", 8, 2048, 5,
                submit, baseline, BenchResult.ratio(submit, baseline));
        Path file = dir.resolve("nested/bench-result.json");

        SubmitBenchmark.write(JSON, result, file);

        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.path("submit").path("committedPerSecond").asDouble()).isEqualTo(10.0);
        assertThat(written.path("submit").path("latency").path("p99Millis").asDouble()).isEqualTo(400.0);
        assertThat(written.path("submit").path("errors").asLong()).isEqualTo(2);
        assertThat(written.path("baseline").path("rowsPerSecond").asDouble()).isEqualTo(5000.0);
        assertThat(written.path("ratio").asDouble()).isEqualTo(0.002);
        assertThat(result.table())
                .contains("committed tx/s", "10.0", "p99", "400.0 ms", "raw inserts/s", "5000.0", "0.0020");
    }
}
