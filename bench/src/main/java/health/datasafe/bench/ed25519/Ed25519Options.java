package health.datasafe.bench.ed25519;

import health.datasafe.bench.CommandLine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the Ed25519 benchmark is asked to do.
 *
 * @param duration how long each of the eight measurements runs (sign and verify, two message sizes, two
 *                 implementations)
 * @param warmup   how long each runs, all of them one after the other, before the first is measured
 * @param messages distinct messages of each size, used in turn
 * @param output   where the JSON result goes; null for {@code target/ed25519-result.json} next to the jar
 * @param help     print the usage and do nothing else
 */
public record Ed25519Options(Duration duration, Duration warmup, int messages, Path output, boolean help) {

    public static final String USAGE = """
            java -jar bench/target/dsh-bench.jar ed25519 [options]
              --duration D   how long each of the 8 measurements runs (default 5s)
              --warmup D     un-measured run of each of the 8 loops before any is measured (default 2s)
              --messages N   distinct messages of each size, used in turn (default 256)
              --output FILE  JSON result (default bench/target/ed25519-result.json, next to the jar)
              --help         this text
            Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).""";

    public static Ed25519Options defaults() {
        return new Ed25519Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 256, null, false);
    }

    public static Ed25519Options parse(String... args) {
        Ed25519Options d = defaults();
        var o = new Object() {
            Duration duration = d.duration;
            Duration warmup = d.warmup;
            int messages = d.messages;
            Path output = d.output;
        };
        boolean help = CommandLine.read(args, (name, value) -> {
            switch (name) {
                case "--duration" -> o.duration = CommandLine.positive(name, value);
                case "--warmup" -> o.warmup = CommandLine.duration(name, value);
                case "--messages" -> o.messages = CommandLine.integer(name, value, 1, 1_000_000);
                case "--output" -> o.output = CommandLine.path(name, value);
                default -> throw CommandLine.unknown(name);
            }
        });
        return new Ed25519Options(o.duration, o.warmup, o.messages, o.output, help);
    }
}
