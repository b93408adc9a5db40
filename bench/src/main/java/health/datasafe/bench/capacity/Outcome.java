package health.datasafe.bench.capacity;

/**
 * What became of one arrival.
 *
 * @param index          the arrival's number in its step
 * @param dueNanos       when it was due ({@link System#nanoTime()}); latencies are measured from here
 * @param kind           what became of it
 * @param latencyNanos   from due to the answer that decided the kind (the 201, the poll that saw COMMITTED, the 503)
 * @param polled         whether it answered 202 and had to be followed
 * @param transactionId  its transaction, when one was answered
 * @param answeredNanos  when the deciding answer arrived ({@link System#nanoTime()})
 * @param detail         for REFUSED the status, for others the message, else empty
 */
public record Outcome(long index, long dueNanos, OutcomeKind kind, long latencyNanos, boolean polled,
                      String transactionId, long answeredNanos, String detail) {
}
