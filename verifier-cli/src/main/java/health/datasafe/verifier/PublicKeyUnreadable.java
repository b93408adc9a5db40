package health.datasafe.verifier;

/** A --public-key file does not hold an Ed25519 public key. */
final class PublicKeyUnreadable extends RuntimeException {

    private final String source;

    PublicKeyUnreadable(String source, String why) {
        super("cannot read an Ed25519 public key from " + source + ": " + why);
        this.source = source;
    }

    String source() {
        return source;
    }
}
