package health.datasafe.integrity;

import java.util.HexFormat;

/** Lowercase hex, the only way hashes are written outside the database. */
public final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String of(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Parses lowercase or uppercase hex; throws {@link IllegalArgumentException} on anything else. */
    public static byte[] parse(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("not hex: " + hex);
        }
        return FORMAT.parseHex(hex);
    }

    /** Parses a hex SHA-256 hash, insisting on exactly 32 bytes. */
    public static byte[] parseHash(String hex) {
        byte[] bytes = parse(hex);
        if (bytes.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("a hash is 32 bytes (64 hex digits), got " + bytes.length + " bytes");
        }
        return bytes;
    }

    public static boolean isHash(String hex) {
        return hex != null && hex.length() == 64 && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
