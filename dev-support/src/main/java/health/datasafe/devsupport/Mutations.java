package health.datasafe.devsupport;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A short, deterministic stand-in for fuzzing that every build can afford: a target runs over its seeds and then over
 * random mutations of them (bit flips, interesting bytes, insertions, deletions, truncations, splices of another seed)
 * drawn from one seed, so a failure names the seed and the input that broke the target's contract.
 */
public final class Mutations {

    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xed, (byte) 0xa0, '"',
            '\\', 'u', 'd', '8', '0', '9', 'e', 'E', '-', '+', '.', '{', '}', '[', ']', ',', ':', ' '};

    private Mutations() {
    }

    /** Runs {@code target} on every seed, then on {@code rounds} mutations; any throwable fails with the input. */
    public static void run(List<byte[]> seeds, Consumer<byte[]> target, int rounds, long seed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        seeds.forEach(target);
        var random = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            byte[] input = mutate(random, seeds);
            try {
                target.accept(input);
            } catch (Throwable e) {
                throw new AssertionError("the target broke its contract on mutation %d of seed %d, input (hex) %s"
                        .formatted(round, seed, HexFormat.of().formatHex(input)), e);
            }
        }
    }

    static byte[] mutate(Random random, List<byte[]> seeds) {
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits && input.length > 0; edit++) {
            int at = random.nextInt(input.length);
            switch (random.nextInt(6)) {
                case 0 -> input[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> input[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> input = splice(input, at, new byte[]{INTERESTING[random.nextInt(INTERESTING.length)]}, 0);
                case 3 -> input = splice(input, at, new byte[0], 1 + random.nextInt(Math.min(8, input.length - at)));
                case 4 -> input = Arrays.copyOf(input, at);
                default -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(Math.max(1, other.length));
                    int length = Math.max(0, Math.min(other.length - from, 1 + random.nextInt(32)));
                    input = splice(input, at, Arrays.copyOfRange(other, from, from + length), 0);
                }
            }
        }
        return input;
    }

    private static byte[] splice(byte[] input, int at, byte[] insert, int remove) {
        byte[] out = new byte[input.length - remove + insert.length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(input, at + remove, out, at + insert.length, input.length - at - remove);
        return out;
    }
}
