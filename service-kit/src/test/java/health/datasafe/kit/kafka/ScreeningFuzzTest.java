package health.datasafe.kit.kafka;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz targets over the screens every consumer runs on a record before anything else (bodies in
 * {@link ScreeningFuzzTargets}). A normal build runs them in regression mode over the seed files in
 * src/test/resources/health/datasafe/kit/kafka/ScreeningFuzzTestInputs/&lt;method&gt;/; with {@code JAZZER_FUZZ=1}
 * one fuzzes, coverage-guided (docs/fuzzing.md).
 */
class ScreeningFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void strictJson(byte[] data) {
        ScreeningFuzzTargets.strictJson(data);
    }

    @FuzzTest(maxDuration = "30s")
    void event(byte[] data) {
        ScreeningFuzzTargets.event(data);
    }

    @FuzzTest(maxDuration = "30s")
    void block(byte[] data) {
        ScreeningFuzzTargets.block(data);
    }
}
