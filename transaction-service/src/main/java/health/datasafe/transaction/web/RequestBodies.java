package health.datasafe.transaction.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
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
 * unknown fields, duplicate fields and trailing text are refused.
 */
@Component
public class RequestBodies {

    private final long limit;
    private final JsonMapper json;

    RequestBodies(HttpSettings settings, JsonMapper json) {
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

    /** The body read as JSON of {@code type}, or empty when there is no body. */
    public <T> Optional<T> readJson(HttpServletRequest request, Class<T> type) {
        byte[] body = read(request);
        if (body.length == 0) {
            return Optional.empty();
        }
        String contentType = request.getContentType();
        if (contentType != null && !isJson(contentType)) {
            throw new UnsupportedBodyType(contentType);
        }
        ObjectReader reader = json.readerFor(type)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw new MalformedBody("the body must be a JSON object");
            }
            return Optional.of(value);
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedBody("unknown field \"" + e.getPropertyName() + "\"; known fields: " + e.getKnownPropertyIds());
        } catch (JacksonException e) {
            throw new MalformedBody("not a valid JSON body: " + e.getOriginalMessage());
        }
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
