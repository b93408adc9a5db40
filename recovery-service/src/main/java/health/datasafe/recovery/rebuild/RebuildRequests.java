package health.datasafe.recovery.rebuild;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the body of {@code POST /api/recovery/rebuilds} the way every service reads JSON from a client: declared
 * {@code application/json} or {@code application/*+json} with no parameter but {@code charset=utf-8} (415
 * otherwise), at most {@value #LIMIT} bytes (413; the gateway refuses more anyway), text that passes integrity's
 * {@link StrictJson}, one object, and no field but {@code service} and {@code checkpoint} (400 otherwise).
 */
@Component
class RebuildRequests {

    /** 1 MiB: what the gateway lets through, and more than a checkpoint note of every shard takes. */
    static final int LIMIT = 1 << 20;

    private final JsonMapper json;

    RebuildRequests(JsonMapper json) {
        this.json = json;
    }

    RebuildRequest read(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || !isJson(contentType)) {
            throw new RebuildBodyNotJson(contentType);
        }
        if (request.getContentLengthLong() > LIMIT) {
            throw new RebuildBodyTooLarge(LIMIT);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(LIMIT + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
        if (body.length > LIMIT) {
            throw new RebuildBodyTooLarge(LIMIT);
        }
        String text;
        try {
            text = StrictJson.decode(body);
        } catch (CanonicalJson.MalformedJson e) {
            throw new RebuildBodyMalformed(e.getMessage());
        }
        try {
            RebuildRequest read = json.readerFor(RebuildRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readValue(text);
            if (read == null) {
                throw new RebuildBodyMalformed("the body must be a JSON object");
            }
            return read;
        } catch (UnrecognizedPropertyException e) {
            throw new RebuildBodyMalformed("unknown field \"" + e.getPropertyName() + "\"; known fields: "
                    + e.getKnownPropertyIds());
        } catch (JacksonException e) {
            throw new RebuildBodyMalformed("not a valid rebuild request: " + e.getOriginalMessage());
        }
    }

    private static boolean isJson(String contentType) {
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
