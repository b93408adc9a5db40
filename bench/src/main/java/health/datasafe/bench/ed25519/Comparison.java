package health.datasafe.bench.ed25519;

/**
 * The two implementations side by side for one operation on one kind of message.
 *
 * @param message              {@code block hash} or {@code transaction}
 * @param messageBytes         the messages' average size
 * @param operation            {@code sign} or {@code verify}
 * @param bouncyCastlePerSecond BouncyCastle's lightweight API (integrity's {@code Ed25519}), operations per second
 * @param jdkPerSecond         the JDK's {@code Signature.getInstance("Ed25519")}, operations per second
 * @param ratio                {@code bouncyCastlePerSecond / jdkPerSecond}: how many times faster BouncyCastle is
 */
public record Comparison(String message, double messageBytes, String operation, double bouncyCastlePerSecond,
                         double jdkPerSecond, double ratio) {
}
