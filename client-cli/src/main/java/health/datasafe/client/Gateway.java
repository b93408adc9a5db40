package health.datasafe.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The API gateway as one user calls it: her bearer token on every request, JSON in and out, or a record's bytes with
 * the headers that go with them.
 */
record Gateway(URI base, String token) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    /** The status and body of an answer. */
    record Answer(int status, String body) {
        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** An id as one path segment. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The status, headers and bytes of an answer. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        Answer answer() {
            return new Answer(status, new String(body, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /**
     * Sends {@code json} (or nothing) and waits for the outcome ({@code Prefer: wait=10}: the transaction's answer
     * once it is committed or rejected, rather than as soon as it is submitted).
     */
    Answer send(String method, String path, byte[] json) {
        return exchange(method, path, json == null ? null : "application/json", json, Map.of()).answer();
    }

    /** Sends {@code body} of {@code contentType} (or nothing) with these headers, waiting for the outcome too. */
    Reply exchange(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        URI uri = URI.create(root + path);
        var request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json, */*")
                .header("Prefer", "wait=10");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new Dsh.Unusable(method + " " + uri + " could not be sent: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dsh.Unusable(method + " " + uri + " was interrupted");
        }
    }
}
