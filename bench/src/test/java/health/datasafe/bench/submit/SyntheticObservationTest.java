package health.datasafe.bench.submit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticObservationTest {

    @Test
    void bodyIsJsonOfExactlyTheRequestedSizeAndSaysItIsSynthetic() {
        for (int size : new int[] {1000, 2048, 65_536}) {
            byte[] body = SyntheticObservation.body("bench-abc-7", 42, size, new SplittableRandom(1));

            assertThat(body).hasSize(size);
            JsonNode json = JsonMapper.builder().build().readTree(body);
            assertThat(json.path("resourceType").asString()).isEqualTo("Observation");
            assertThat(json.path("subject").path("reference").asString()).isEqualTo("Patient/bench-abc-7");
            assertThat(json.path("meta").path("tag").path(0).path("code").asString()).isEqualTo("synthetic");
            assertThat(json.path("note").path(0).path("text").asString()).startsWith("SYNTHETIC BENCHMARK DATA");
        }
    }

    @Test
    void smallestAllowedSizeStillFits() {
        byte[] body = SyntheticObservation.body("bench-abcdefghij-1023", Long.MAX_VALUE, 256, new SplittableRandom(2));

        assertThat(body.length).isLessThanOrEqualTo(700);
    }
}
