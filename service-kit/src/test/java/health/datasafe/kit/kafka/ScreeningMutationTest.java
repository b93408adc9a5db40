package health.datasafe.kit.kafka;

import health.datasafe.devsupport.Mutations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Every build's stand-in for fuzzing the screens: each target of {@link ScreeningFuzzTargets} over its seeds (made
 * afresh) and 2,000 mutations of them from one seed ({@code -Dkit.seed=N} tries another). Coverage-guided fuzzing is
 * {@link ScreeningFuzzTest} with {@code JAZZER_FUZZ=1} (docs/fuzzing.md).
 */
class ScreeningMutationTest {

    static final long SEED = Long.getLong("kit.seed", 20261201L);

    private static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "strictJson", ScreeningFuzzTargets::strictJson,
            "event", ScreeningFuzzTargets::event,
            "block", ScreeningFuzzTargets::block);

    @ParameterizedTest
    @ValueSource(strings = {"strictJson", "event", "block"})
    void mutatedRecordsAreRefusedOrSafeNeverAnythingElse(String target) {
        Mutations.run(ScreeningFuzzSeeds.all().get(target), TARGETS.get(target), 2000, SEED ^ target.hashCode());
    }
}
