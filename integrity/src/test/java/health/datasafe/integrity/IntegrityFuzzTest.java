package health.datasafe.integrity;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz targets over everything that reads untrusted input (bodies in {@link FuzzTargets}). In a normal build
 * they run in regression mode: once per file in src/test/resources/health/datasafe/integrity/IntegrityFuzzTestInputs/
 * &lt;method&gt;/ (the seeds of {@link FuzzSeeds}, and any crash input kept there). With {@code JAZZER_FUZZ=1} one of
 * them fuzzes, coverage-guided, for {@code maxDuration} or {@code -Djazzer.max_duration}: see docs/fuzzing.md.
 */
class IntegrityFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void canonicalize(byte[] data) {
        FuzzTargets.canonicalize(data);
    }

    @FuzzTest(maxDuration = "30s")
    void checkpoint(byte[] data) {
        FuzzTargets.checkpoint(data);
    }

    @FuzzTest(maxDuration = "30s")
    void proof(byte[] data) {
        FuzzTargets.proof(data);
    }

    @FuzzTest(maxDuration = "30s")
    void bundle(byte[] data) {
        FuzzTargets.bundle(data);
    }

    @FuzzTest(maxDuration = "30s")
    void receipt(byte[] data) {
        FuzzTargets.receipt(data);
    }
}
