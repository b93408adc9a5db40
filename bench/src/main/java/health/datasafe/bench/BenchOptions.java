package health.datasafe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    public static final String USAGE = """
            java -jar bench/target/dsh-bench.jar [options]   (needs a running ./dsh-devstack)
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
        Path dataDir = d.dataDir;
        Duration duration = d.duration;
        int clients = d.clients;
        Duration warmup = d.warmup;
        int recordBytes = d.recordBytes;
        Duration baselineDuration = d.baselineDuration;
        Path output = d.output;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InvalidOption(name, null, "needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--duration" -> duration = positive(name, value);
                case "--clients" -> clients = integer(name, value, 1, 1024);
                case "--warmup" -> warmup = duration(name, value);
                case "--record-bytes" -> recordBytes = integer(name, value, MIN_RECORD_BYTES, MAX_RECORD_BYTES);
                case "--baseline-duration" -> baselineDuration = positive(name, value);
                case "--output" -> output = Path.of(value);
                default -> throw new InvalidOption(name, null, "unknown option (see --help)");
            }
        }
        return new BenchOptions(dataDir, duration, clients, warmup, recordBytes, baselineDuration, output, help);
    }

    /** A duration as written on the command line. */
    static Duration duration(String option, String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE_DURATION.matcher(trimmed);
        if (simple.matches()) {
            double amount = Double.parseDouble(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            Duration parsed = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new InvalidOption(option, text, "must not be negative");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new InvalidOption(option, text, "not a duration (30s, 500ms, 2m, PT30S)");
        }
    }

    private static Duration positive(String option, String text) {
        Duration parsed = duration(option, text);
        if (parsed.isZero()) {
            throw new InvalidOption(option, text, "must be longer than zero");
        }
        return parsed;
    }

    private static int integer(String option, String text, int min, int max) {
        try {
            int parsed = Integer.parseInt(text.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidOption(option, text, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidOption(option, text, "not a whole number");
        }
    }
}
