package health.datasafe.bench.capacity;

/** What became of one arrival of the open-loop load. */
public enum OutcomeKind {
    /** COMMITTED within the commit deadline (by the 201, or by polling after a 202). */
    COMMITTED,
    /** Answered {@code 503} with {@code Retry-After}: shed by admission control, as asked for under overload. */
    SHED,
    /** Any other status than 201, 202 or a 503 with {@code Retry-After} (the detail says which). */
    REFUSED,
    /** The transaction ended REJECTED. */
    REJECTED,
    /** No answer, or no commit, before the commit deadline. */
    TIMEOUT,
    /** The connection failed (refused, reset, closed). */
    UNREACHABLE,
    /** Not sent: the client already had its maximum of requests outstanding. */
    NOT_OFFERED
}
