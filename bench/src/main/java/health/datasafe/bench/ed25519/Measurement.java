package health.datasafe.bench.ed25519;

/**
 * One timed loop of one operation by one implementation on one kind of message, on one thread.
 *
 * @param message            which messages: {@code block hash} or {@code transaction}
 * @param messageBytes       their average size
 * @param operation          {@code sign} or {@code verify}
 * @param implementation     {@code BouncyCastle} or {@code JDK}
 * @param operations         operations completed in the window
 * @param seconds            length of the window
 * @param perSecond          {@code operations / seconds}
 * @param microsPerOperation {@code seconds / operations}, in µs
 */
public record Measurement(String message, double messageBytes, String operation, String implementation,
                          long operations, double seconds, double perSecond, double microsPerOperation) {
}
