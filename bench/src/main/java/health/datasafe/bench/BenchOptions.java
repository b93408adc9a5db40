package health.datasafe.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the benchmark is asked to do. Durations are written {@code 30s}, {@code 500ms}, {@code 2m}, a plain number
 * of seconds, or ISO-8601 ({@code PT30S}).
 *
 * @param dataDir          the devstack's data directory holding {@code devstack.json}
 * @param duration         the measured window of the submit load
 * @param clients          concurrent clients, one synthetic patient each (and as many baseline insert threads)
 * @param warmup           load before the measured window, not counted
 * @param recordBytes      size of each submitted record body (and of the baseline's row payload)
 * @param baselineDuration how long the PostgreSQL baseline inserts
 * @param output           where the JSON result goes; null for {@code target/bench-result.json} next to the jar
 * @param help             print the usage and do nothing else
 */
public record BenchOptions(Path dataDir, Duration duration, int clients, Duration warmup, int recordBytes,
                           Duration baselineDuration, Path output, boolean help) {

    static final Path DEFAULT_DATA_DIR = Path.of(".dsh-data");
    static final int MIN_RECORD_BYTES = 256;
    static final int MAX_RECORD_BYTES = 1_000_000;

    public static final String USAGE = """
            java -jar bench/target/dsh-bench.jar [submit] [options]   (needs a running ./dsh-devstack)
              --data-dir DIR         devstack data directory holding devstack.json (default ./.dsh-data)
              --duration D           measured window of the submit load (default 30s)
              --clients N            concurrent clients, one synthetic patient each (default 8)
              --warmup D             load before the measured window, not counted (default 5s)
              --record-bytes N       size of each record body, %d..%d (default 2048)
              --baseline-duration D  how long the PostgreSQL single-row insert baseline runs (default 10s)
              --output FILE          JSON result (default bench/target/bench-result.json, next to the jar)
              --help                 this text
            Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).""".formatted(MIN_RECORD_BYTES, MAX_RECORD_BYTES);

    public static BenchOptions defaults() {
        return new BenchOptions(DEFAULT_DATA_DIR, Duration.ofSeconds(30), 8, Duration.ofSeconds(5), 2048,
                Duration.ofSeconds(10), null, false);
    }

    public static BenchOptions parse(String... args) {
        BenchOptions d = defaults();
        var o = new Object() {
            Path dataDir = d.dataDir;
            Duration duration = d.duration;
            int clients = d.clients;
            Duration warmup = d.warmup;
            int recordBytes = d.recordBytes;
            Duration baselineDuration = d.baselineDuration;
            Path output = d.output;
        };
        boolean help = CommandLine.read(args, (name, value) -> {
            switch (name) {
                case "--data-dir" -> o.dataDir = CommandLine.path(name, value);
                case "--duration" -> o.duration = CommandLine.positive(name, value);
                case "--clients" -> o.clients = CommandLine.integer(name, value, 1, 1024);
                case "--warmup" -> o.warmup = CommandLine.duration(name, value);
                case "--record-bytes" -> o.recordBytes = CommandLine.integer(name, value, MIN_RECORD_BYTES, MAX_RECORD_BYTES);
                case "--baseline-duration" -> o.baselineDuration = CommandLine.positive(name, value);
                case "--output" -> o.output = CommandLine.path(name, value);
                default -> throw CommandLine.unknown(name);
            }
        });
        return new BenchOptions(o.dataDir, o.duration, o.clients, o.warmup, o.recordBytes, o.baselineDuration, o.output,
                help);
    }

    /** A duration as written on the command line. */
    static Duration duration(String option, String text) {
        return CommandLine.duration(option, text);
    }
}
