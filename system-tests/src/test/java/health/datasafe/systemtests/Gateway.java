package health.datasafe.systemtests;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A caller of the public HTTP API, holding one bearer token. */
final class Gateway {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;

    Gateway(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    record Reply(int status, String contentType, byte[] body, HttpResponse<byte[]> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply getAccepting(String path, String accept) {
        return send(request(path).header("Accept", accept).GET());
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply postBytes(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any request, with this body (or none), waiting for the outcome of what it submits. */
    Reply send(String method, String path, String contentType, byte[] body) {
        var request = request(path).header("Prefer", "wait=30");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply delete(String path) {
        return send(request(path).header("Prefer", "wait=30").DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
