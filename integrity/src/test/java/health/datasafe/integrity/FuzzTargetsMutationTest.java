package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short, deterministic stand-in for fuzzing in every build: each fuzz target of {@link FuzzTargets} runs over its seed
 * inputs and a few thousand random mutations of them (bit flips, byte changes, insertions, deletions, duplications,
 * truncations, splices) from one seed, {@code -Dintegrity.seed=N} to try others. Coverage-guided fuzzing is
 * {@link IntegrityFuzzTest} with {@code JAZZER_FUZZ=1} (docs/fuzzing.md).
 */
class FuzzTargetsMutationTest {

    static final long SEED = Long.getLong("integrity.seed", 20260314L);
    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, '"', '\\', '\n', ' ', '0', '9', '-', '+', '=', '/', '{', '}',
            '[', ']', ',', ':', 'e', 'E', '.', (byte) 0xe2, (byte) 0x80, (byte) 0x94};

    private static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "canonicalize", FuzzTargets::canonicalize,
            "checkpoint", FuzzTargets::checkpoint,
            "proof", FuzzTargets::proof,
            "bundle", FuzzTargets::bundle,
            "receipt", FuzzTargets::receipt);

    @Test
    void theSeedFilesAreTheSeedsTheCodeMakes() throws Exception {
        for (var target : FuzzSeeds.all().entrySet()) {
            Path dir = inputs(target.getKey());
            for (int i = 0; i < target.getValue().size(); i++) {
                assertThat(dir.resolve("seed-" + i)).as("%s seed %d (regenerate with FuzzSeeds.main if a format changed on purpose)",
                        target.getKey(), i).hasBinaryContent(target.getValue().get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"canonicalize", "checkpoint", "proof", "bundle", "receipt"})
    void mutatedInputsBreakNoContract(String target) throws Exception {
        Consumer<byte[]> body = TARGETS.get(target);
        List<byte[]> seeds = new ArrayList<>();
        try (var files = Files.list(inputs(target))) {
            for (Path file : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(file));
            }
        }
        assertThat(seeds).as("seed inputs of " + target).isNotEmpty();
        seeds.forEach(body);

        var random = new Random(SEED ^ target.hashCode());
        int rounds = target.equals("bundle") || target.equals("receipt") ? 1500 : 3000;
        for (int round = 0; round < rounds; round++) {
            byte[] input = mutate(random, seeds);
            try {
                body.accept(input);
            } catch (Throwable e) {
                throw new AssertionError("%s broke its contract on mutation %d of seed %d (-Dintegrity.seed=%d), input (hex) %s"
                        .formatted(target, round, SEED, SEED, HexFormat.of().formatHex(input)), e);
            }
        }
    }

    private static Path inputs(String target) throws URISyntaxException {
        var url = FuzzTargetsMutationTest.class.getClassLoader().getResource(FuzzSeeds.RESOURCES + "/" + target);
        assertThat(url).as("test resource %s/%s", FuzzSeeds.RESOURCES, target).isNotNull();
        return Path.of(url.toURI());
    }

    static byte[] mutate(Random random, List<byte[]> seeds) {
        byte[] data = seeds.get(random.nextInt(seeds.size())).clone();
        int steps = 1 + random.nextInt(3);
        for (int step = 0; step < steps; step++) {
            int at = data.length == 0 ? 0 : random.nextInt(data.length);
            data = switch (random.nextInt(8)) {
                case 0 -> {
                    if (data.length > 0) {
                        data[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    yield data;
                }
                case 1 -> {
                    if (data.length > 0) {
                        data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                    yield data;
                }
                case 2 -> insert(data, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                case 3 -> {
                    int end = Math.min(data.length, at + 1 + random.nextInt(8));
                    yield concat(Arrays.copyOf(data, at), Arrays.copyOfRange(data, end, data.length));
                }
                case 4 -> {
                    int end = Math.min(data.length, at + 1 + random.nextInt(16));
                    yield insert(data, at, Arrays.copyOfRange(data, at, end));
                }
                case 5 -> Arrays.copyOf(data, at);
                case 6 -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = other.length == 0 ? 0 : random.nextInt(other.length);
                    yield concat(Arrays.copyOf(data, at), Arrays.copyOfRange(other, from, other.length));
                }
                default -> {
                    if (data.length > 1) {
                        int other = random.nextInt(data.length);
                        byte swap = data[at];
                        data[at] = data[other];
                        data[other] = swap;
                    }
                    yield data;
                }
            };
        }
        return data;
    }

    private static byte[] insert(byte[] data, int at, byte[] bytes) {
        return concat(concat(Arrays.copyOf(data, at), bytes), Arrays.copyOfRange(data, at, data.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
