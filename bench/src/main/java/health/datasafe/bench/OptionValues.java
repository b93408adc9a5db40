package health.datasafe.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the benchmarks' option values are written, for picocli: durations ({@code 30s}, {@code 500ms}, {@code 2m}, a
 * plain number of seconds, or ISO-8601 {@code PT30S}) and whole numbers ({@code 200000}, {@code 200_000},
 * {@code 200k}, {@code 2m}); and the ranges they must be in. A value that is neither is refused naming its option, as
 * every usage error is: one line on stderr, exit code 2.
 */
public final class OptionValues {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private OptionValues() {
    }

    /** A duration as written on the command line. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return duration(text);
        }
    }

    /** A whole number as written on the command line; {@code 200000}, {@code 200_000} and {@code 200k} are alike. */
    public static final class CountConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
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
                return Math.toIntExact(Math.multiplyExact(Long.parseLong(digits), factor));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + text + "' is not a whole number (200000, 200_000, 200k, 2m)");
            }
        }
    }

    static Duration duration(String text) {
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
        Duration parsed;
        try {
            parsed = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration (30s, 500ms, 2m, PT30S)");
        }
        if (parsed.isNegative()) {
            throw new TypeConversionException("'" + text + "' is negative");
        }
        return parsed;
    }

    /** {@code value}, or a usage error of {@code command} when it is not from {@code min} to {@code max}. */
    public static int within(CommandSpec command, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(command.commandLine(),
                    "%s %d: must be between %d and %d".formatted(option, value, min, max));
        }
        return value;
    }

    /** {@code value}, or a usage error of {@code command} when it is zero. */
    public static Duration positive(CommandSpec command, String option, Duration value) {
        if (value.isZero()) {
            throw new ParameterException(command.commandLine(), option + " " + value + ": must be longer than zero");
        }
        return value;
    }
}
