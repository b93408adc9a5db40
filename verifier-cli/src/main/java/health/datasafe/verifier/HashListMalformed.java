package health.datasafe.verifier;

/** A line of a file of hashes, one per line, is not a hash. */
final class HashListMalformed extends RuntimeException {

    private final String source;
    private final int line;

    HashListMalformed(String source, int line, String why) {
        super("%s, line %d: %s".formatted(source, line, why));
        this.source = source;
        this.line = line;
    }

    String source() {
        return source;
    }

    int line() {
        return line;
    }
}
