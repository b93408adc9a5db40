package health.datasafe.verifier;

import health.datasafe.integrity.Hex;
import picocli.CommandLine;

/** A 32-byte hash given in hex (either case) on the command line or in a file. */
record HexHash(byte[] bytes) {

    /** The hash, or a conversion failure naming the value and, when not empty, where it was found. */
    static HexHash parse(String value, String where) {
        try {
            return new HexHash(Hex.parseHash(value));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(
                    "%s'%s' is not a SHA-256 hash in hex (64 hex digits): %s".formatted(where, shortened(value), e.getMessage()));
        }
    }

    String hex() {
        return Hex.of(bytes);
    }

    private static String shortened(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    /** Picocli's reading of a hash argument. */
    static final class Converter implements CommandLine.ITypeConverter<HexHash> {
        @Override
        public HexHash convert(String value) {
            return parse(value, "");
        }
    }
}
