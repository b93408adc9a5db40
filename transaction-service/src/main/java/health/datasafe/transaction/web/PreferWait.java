package health.datasafe.transaction.web;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=N}): how many seconds the client will wait for the
 * transaction's outcome, at most {@link #MAX_SECONDS}. Other preferences, and a wait that is not a number, are ignored
 * as the RFC asks.
 */
public record PreferWait(long seconds) {

    public static final long MAX_SECONDS = 30;

    public static Optional<PreferWait> parse(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].trim();
            int eq = token.indexOf('=');
            if (eq > 0 && token.substring(0, eq).trim().equalsIgnoreCase("wait")) {
                String value = token.substring(eq + 1).trim().replace("\"", "");
                try {
                    long seconds = Long.parseLong(value);
                    if (seconds >= 0) {
                        return Optional.of(new PreferWait(Math.min(seconds, MAX_SECONDS)));
                    }
                } catch (NumberFormatException ignored) {
                    // not a wait we understand
                }
            }
        }
        return Optional.empty();
    }

    public Duration duration() {
        return Duration.ofSeconds(seconds);
    }

    /** The value of the {@code Preference-Applied} header. */
    public String applied() {
        return "wait=" + seconds;
    }
}
