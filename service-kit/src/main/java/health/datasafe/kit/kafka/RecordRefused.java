package health.datasafe.kit.kafka;

/**
 * A consumed record that can never be processed: it does not parse, is not acceptable JSON, breaks the schema, or
 * fails a signature or hash check. It goes to {@code <topic>.dlt} with this reason at once, never retried, and the
 * partition moves on.
 */
public class RecordRefused extends RuntimeException {

    private static final int MAX_REASON = 500;

    public RecordRefused(String reason) {
        super(shorten(reason));
    }

    public String reason() {
        return getMessage();
    }

    private static String shorten(String reason) {
        if (reason == null || reason.isBlank()) {
            return "refused";
        }
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
    }
}
