package health.datasafe.devsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A record value no consumer may act on, made from a valid event's JSON so that it is unique to the test that made it:
 * each kind of poison the consumers must screen out and dead-letter (docs/events.md, "Bad input"). Most add a member
 * that the event record does not have, so a screen that let the poison through would process the event as if it
 * were valid: the tests would see it.
 *
 * @param name  what is wrong with it
 * @param value the bytes to publish
 */
public record Poison(String name, byte[] value) {

    @Override
    public String toString() {
        return name;
    }

    /** Every kind of unreadable or unacceptable JSON, each made from {@code validEvent}, a JSON object. */
    public static List<Poison> around(String validEvent) {
        if (!validEvent.startsWith("{") || validEvent.length() < 3) {
            throw new IllegalArgumentException("a JSON object is needed");
        }
        String rest = validEvent.substring(1);
        return List.of(
                new Poison("not JSON", text("{\"poison\": not json," + rest)),
                new Poison("truncated", text(validEvent.substring(0, validEvent.length() / 2))),
                new Poison("text after the value", text(validEvent + " {\"poison\":1}")),
                new Poison("invalid UTF-8", concat(text("{\"poison\":\"x"), new byte[]{(byte) 0xC3, (byte) 0x28},
                        text("y\"," + rest))),
                new Poison("a byte order mark", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text(validEvent))),
                new Poison("a lone surrogate", text("{\"poison\":\"x\\ud800y\"," + rest)),
                new Poison("U+0000 in a string", text("{\"poison\":\"x\\u0000y\"," + rest)),
                new Poison("a subnormal number", text("{\"poison\":1e-315," + rest)),
                new Poison("a number beyond double range", text("{\"poison\":1e400," + rest)),
                new Poison("an integer beyond 2^53", text("{\"poison\":123456789012345678901234567890," + rest)),
                new Poison("nesting 40 deep", text("{\"poison\":" + "[".repeat(40) + "]".repeat(40) + "," + rest)),
                new Poison("a duplicate member name", text("{\"poison\":1,\"poison\":2," + rest)),
                new Poison("an array, not an object", text("[" + validEvent + "]")));
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
