package health.datasafe.verifier;

/** An input named on the command line could not be read: missing, not a file, or not UTF-8 text. */
final class InputUnreadable extends RuntimeException {

    private final String source;

    InputUnreadable(String source, String why) {
        super("cannot read " + source + ": " + why);
        this.source = source;
    }

    String source() {
        return source;
    }
}
