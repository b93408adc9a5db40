package health.datasafe.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 8785 JSON Canonicalization Scheme. Java values are first written as JSON with null fields left
 * out and instants as ISO-8601 strings, then canonicalized.
 */
public final class CanonicalJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private CanonicalJson() {
    }

    /**
     * The canonical UTF-8 bytes of the JSON text; throws {@link MalformedJson} if it is not JSON (RFC 8259, no
     * leading zeros, no trailing text, nesting at most 500 deep) or not I-JSON (duplicate names, lone surrogates,
     * numbers out of double range), as RFC 8785 requires. Encoding a lone surrogate would silently write '?', so a
     * string holding U+D800 alone and one holding "?" would share one canonical form: the strict pass refuses it.
     */
    public static byte[] canonicalize(String json) {
        String canonical;
        try {
            // The canonicalizer accepts some malformed JSON (leading zeros) and overflows the stack on deep
            // nesting, and it takes only an object or an array at the top: a strict parse goes first, and a
            // top-level scalar is canonicalized as the only element of an array.
            boolean scalar = !StrictJson.scan(StrictJson.LENIENT_DEPTH, json, false);
            canonical = new JsonCanonicalizer(scalar ? "[" + json + "]" : json).getEncodedString();
            if (scalar) {
                canonical = canonical.substring(1, canonical.length() - 1);
            }
        } catch (MalformedJson e) {
            throw e;
        } catch (JacksonException e) {
            throw new MalformedJson(e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new MalformedJson(e.getMessage());
        }
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical UTF-8 bytes of a Java value (record, map, list, ...). */
    public static byte[] of(Object value) {
        return canonicalize(MAPPER.writeValueAsString(value));
    }

    /** Reads canonical (or any) JSON text into a Java type using the same conventions as {@link #of(Object)}. */
    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** The text was not valid JSON. */
    public static final class MalformedJson extends RuntimeException {
        public MalformedJson(String detail) {
            super("not valid JSON: " + detail);
        }
    }
}
