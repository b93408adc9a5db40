package health.datasafe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every benchmark reads its options: {@code --name value} or {@code --name=value}, {@code --help} or {@code -h}
 * alone, each value checked by name so that a bad one is refused as an {@link InvalidOption} naming it.
 */
public final class CommandLine {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /** Takes one option and its value; throws {@link InvalidOption} for a name it does not know. */
    @FunctionalInterface
    public interface OptionReader {
        void read(String name, String value);
    }

    private CommandLine() {
    }

    /** Hands every {@code --name value} pair to {@code reader}; tells whether {@code --help} was among them. */
    public static boolean read(String[] args, OptionReader reader) {
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
            if (!name.startsWith("-")) {
                throw new InvalidOption(name, null, "not an option (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InvalidOption(name, null, "needs a value");
                }
                value = args[++i];
            }
            reader.read(name, value);
        }
        return help;
    }

    /** The refusal of an option name the benchmark does not have. */
    public static InvalidOption unknown(String name) {
        return new InvalidOption(name, null, "unknown option (see --help)");
    }

    /** A duration as written on the command line: {@code 30s}, {@code 500ms}, {@code 2m}, seconds, or ISO-8601. */
    public static Duration duration(String option, String text) {
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

    /** A duration longer than zero. */
    public static Duration positive(String option, String text) {
        Duration parsed = duration(option, text);
        if (parsed.isZero()) {
            throw new InvalidOption(option, text, "must be longer than zero");
        }
        return parsed;
    }

    /** A whole number from {@code min} to {@code max}; {@code 200000}, {@code 200_000} and {@code 200k} are alike. */
    public static int integer(String option, String text, int min, int max) {
        long parsed = whole(option, text);
        if (parsed < min || parsed > max) {
            throw new InvalidOption(option, text, "must be between " + min + " and " + max);
        }
        return (int) parsed;
    }

    /** {@code true}/{@code false}, {@code yes}/{@code no} or {@code on}/{@code off}. */
    public static boolean bool(String option, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidOption(option, text, "not true or false");
        };
    }

    public static Path path(String option, String text) {
        if (text.isBlank()) {
            throw new InvalidOption(option, text, "must not be empty");
        }
        return Path.of(text);
    }

    private static long whole(String option, String text) {
        String digits = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        long factor = 1;
        if (digits.endsWith("k")) {
            factor = 1_000;
            digits = digits.substring(0, digits.length() - 1);
        } else if (digits.endsWith("m")) {
            factor = 1_000_000;
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidOption(option, text, "not a whole number");
        }
    }
}
