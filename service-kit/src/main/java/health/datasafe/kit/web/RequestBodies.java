package health.datasafe.kit.web;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reads request bodies up to the size limit (larger ones get 413 before more is read) and, for JSON bodies, strictly:
 * a JSON media type is required (415 otherwise), the text must pass integrity's {@link StrictJson} (strict UTF-8, one
 * value, no duplicate names, no lone surrogates or U+0000, I-JSON numbers, at most 32 deep), and unknown fields are
 * refused, so nothing that cannot be canonicalized reaches a signed transaction.
 */
public class RequestBodies {

    private final long limit;
    private final JsonMapper json;

    public RequestBodies(HttpSettings settings, JsonMapper json) {
        this.limit = settings.maxBodySize().toBytes();
        this.json = json;
    }

    /** The raw body, possibly empty. */
    public byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > limit) {
            throw new BodyTooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new BodyTooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    /**
     * The body read as JSON of {@code type}, or empty when there is no body (whatever its Content-Type: there is
     * nothing to read). A body must be declared {@code application/json} or {@code application/*+json}, with no
     * parameter but {@code charset=utf-8}: {@link UnsupportedBodyType} otherwise, a missing Content-Type included.
     */
    public <T> Optional<T> readJson(HttpServletRequest request, Class<T> type) {
        String contentType = request.getContentType();
        boolean asJson = contentType != null && isJson(contentType);
        boolean declared = request.getContentLengthLong() > 0;
        if (declared && !asJson) {
            throw new UnsupportedBodyType(contentType); // before reading what would be refused anyway
        }
        byte[] body = read(request);
        if (body.length == 0 && !declared) {
            return Optional.empty();
        }
        if (!asJson) {
            throw new UnsupportedBodyType(contentType);
        }
        return Optional.of(parse(body, type));
    }

    /**
     * The bytes read strictly as JSON of {@code type}: they must pass integrity's {@link StrictJson}, be one object,
     * and name no field the type does not have ({@link MalformedBody} otherwise).
     */
    public <T> T parse(byte[] body, Class<T> type) {
        String text;
        try {
            text = StrictJson.decode(body);
        } catch (CanonicalJson.MalformedJson e) {
            throw new MalformedBody(e.getMessage());
        }
        ObjectReader reader = json.readerFor(type)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        try {
            T value = reader.readValue(text);
            if (value == null) {
                throw new MalformedBody("the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedBody("unknown field \"" + e.getPropertyName() + "\"; known fields: " + e.getKnownPropertyIds());
        } catch (JacksonException e) {
            throw new MalformedBody("not a valid JSON body: " + e.getOriginalMessage());
        }
    }

    /** {@code application/json} or {@code application/*+json}, no parameter but a charset that is UTF-8. */
    static boolean isJson(String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        boolean json = "application".equals(type.getType()) && !type.isWildcardSubtype()
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        return json && type.getParameters().entrySet().stream().allMatch(parameter ->
                "charset".equalsIgnoreCase(parameter.getKey())
                        && "utf-8".equalsIgnoreCase(parameter.getValue().replace("\"", "")));
    }
}
