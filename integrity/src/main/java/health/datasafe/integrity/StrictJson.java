package health.datasafe.integrity;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON as this system accepts it from a topic or a client, checked in one streaming pass before anything is bound,
 * hashed or stored: strict UTF-8 without a byte order mark, exactly one value, nesting at most {@value #MAX_DEPTH}
 * deep, no duplicate member names, no lone surrogates and no U+0000 in any string (PostgreSQL text cannot hold it),
 * and numbers that are I-JSON (RFC 7493): finite, not subnormal, integers within ±(2<sup>53</sup> − 1). Whatever
 * passes can be canonicalized ({@link CanonicalJson}) and stored; whatever fails is refused with
 * {@link CanonicalJson.MalformedJson} naming the first problem.
 */
public final class StrictJson {

    /** Deepest nesting accepted; the deepest event (a block's transaction's metadata) is 4 levels deep. */
    public static final int MAX_DEPTH = 32;

    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);

    private static final JsonMapper STRICT = parser(MAX_DEPTH);
    /** Jackson's default nesting limit: what {@link CanonicalJson} accepts. */
    static final JsonMapper LENIENT_DEPTH = parser(StreamReadConstraints.DEFAULT_MAX_DEPTH);

    private StrictJson() {
    }

    private static JsonMapper parser(int maxDepth) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .build();
    }

    /** The text of {@code utf8} once it has passed every rule above. */
    public static String decode(byte[] utf8) {
        if (utf8 == null || utf8.length == 0) {
            throw new CanonicalJson.MalformedJson("no value");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CanonicalJson.MalformedJson("not UTF-8: " + e.getMessage());
        }
        if (text.charAt(0) == '\uFEFF') {
            throw new CanonicalJson.MalformedJson("a byte order mark precedes the value");
        }
        scan(STRICT, text, true);
        return text;
    }

    /**
     * One pass over the whole text; tells whether its one top-level value is an object or an array. With
     * {@code strict}, strings must hold no U+0000 and integers must be safe; lone surrogates and subnormal or
     * non-finite numbers are refused either way (they cannot be canonicalized).
     */
    static boolean scan(JsonMapper mapper, String json, boolean strict) {
        if (json == null) {
            throw new CanonicalJson.MalformedJson("no value");
        }
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new CanonicalJson.MalformedJson("no value");
            }
            int depth = 0;
            for (JsonToken token = first; ; token = parser.nextToken()) {
                if (token == null) {
                    throw new CanonicalJson.MalformedJson("unexpected end of input");
                }
                switch (token) {
                    case PROPERTY_NAME, VALUE_STRING -> checkString(parser.getText(), strict);
                    case VALUE_NUMBER_INT -> {
                        if (strict && parser.getBigIntegerValue().abs().compareTo(MAX_SAFE_INTEGER) > 0) {
                            throw new CanonicalJson.MalformedJson("the integer " + parser.getText()
                                    + " is beyond ±(2^53 - 1); it cannot travel as a JSON number");
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> checkNumber(parser.getDoubleValue(), parser.getText());
                    default -> {
                    }
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            if (parser.nextToken() != null) {
                throw new CanonicalJson.MalformedJson("text after the value at offset "
                        + parser.currentTokenLocation().getCharOffset());
            }
            return first.isStructStart();
        } catch (JacksonException e) {
            throw new CanonicalJson.MalformedJson(e.getOriginalMessage());
        }
    }

    private static void checkString(String value, boolean strict) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CanonicalJson.MalformedJson("lone surrogate U+%04X in a string".formatted((int) c));
            } else if (strict && c == 0) {
                throw new CanonicalJson.MalformedJson("U+0000 in a string");
            }
        }
    }

    private static void checkNumber(double value, String text) {
        if (!Double.isFinite(value)) {
            throw new CanonicalJson.MalformedJson("the number " + text + " is out of double range");
        }
        // the canonicalizer's number writer (NumberDToA) loops forever on some subnormal doubles (1e-315), refuses
        // others (1e-314) and writes others wrongly (1e-320 as 0.000...01e-178)
        if (value != 0 && Math.abs(value) < Double.MIN_NORMAL) {
            throw new CanonicalJson.MalformedJson("the number " + text + " is subnormal; it cannot be canonicalized");
        }
    }
}
