package health.datasafe.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

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

    /** The canonical UTF-8 bytes of the JSON text; throws {@link MalformedJson} if it is not JSON. */
    public static byte[] canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw new MalformedJson(e.getMessage());
        }
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
