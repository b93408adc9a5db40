package health.datasafe.bench.submit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The corpus made from Synthea's own output: {@code synthea-fhir/} holds an excerpt of a bundle Synthea 3.3.0 wrote
 * for one simulated patient (its Patient, Encounters, Conditions, DiagnosticReports, Claims and
 * ExplanationOfBenefits, entries unchanged).
 */
class SyntheaCorpusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path syntheaOutput() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SyntheaCorpusTest.class.getResource("/synthea-fhir")).toURI());
    }

    @Test
    void clinicalResourcesOfOneToFourKilobytesAreKeptOneAsEachBody() throws Exception {
        List<String> resources = SyntheaCorpus.resources(syntheaOutput(), JSON);

        assertThat(resources).hasSizeGreaterThanOrEqualTo(4);
        for (String resource : resources) {
            JsonNode parsed = JSON.readTree(resource);
            assertThat(parsed.path("resourceType").asString())
                    .isIn("Encounter", "Condition", "DiagnosticReport", "Observation", "Procedure");
            assertThat(resource.getBytes(StandardCharsets.UTF_8).length)
                    .isBetween(SyntheaCorpus.MIN_BYTES, SyntheaCorpus.MAX_BYTES);
            assertThat(resource).doesNotContain("\n");
        }
        // the Patient (names, address) and billing (Claim, ExplanationOfBenefit) are never record bodies
        assertThat(resources).noneMatch(r -> r.contains("\"resourceType\":\"Patient\""))
                .noneMatch(r -> r.contains("\"resourceType\":\"Claim\""))
                .noneMatch(r -> r.contains("\"resourceType\":\"ExplanationOfBenefit\""));
    }

    @Test
    void aCachedCorpusIsReadAndHandedOutInTurn(@TempDir Path dir) throws Exception {
        List<String> resources = SyntheaCorpus.resources(syntheaOutput(), JSON);
        Files.write(dir.resolve(SyntheaCorpus.FILE_NAME), resources, StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream();

        SyntheaCorpus corpus = SyntheaCorpus.cachedOrGenerated(dir, 1, new PrintStream(out, true,
                StandardCharsets.UTF_8));

        assertThat(corpus.distinct()).isEqualTo(resources.size());
        assertThat(corpus.source()).isEqualTo("synthea");
        assertThat(new String(corpus.body("p-1", 0), StandardCharsets.UTF_8)).isEqualTo(resources.get(0));
        assertThat(new String(corpus.body("p-2", resources.size() + 1L), StandardCharsets.UTF_8))
                .isEqualTo(resources.get(1));
        assertThat(corpus.meanBytes()).isBetween((double) SyntheaCorpus.MIN_BYTES, (double) SyntheaCorpus.MAX_BYTES);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(resources.size() + " Synthea FHIR resources");
    }

    @Test
    void withoutACorpusOrSyntheaTheMessageSaysHowToGetOne(@TempDir Path dir) {
        assertThatThrownBy(() -> SyntheaCorpus.cachedOrGenerated(dir, 1, new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8)))
                .isInstanceOf(SyntheaUnavailable.class)
                .hasMessageContaining("./mvnw -q -f bench/synthea/pom.xml package")
                .hasMessageContaining("--bodies synthetic");
    }
}
