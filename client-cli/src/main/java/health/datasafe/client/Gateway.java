package health.datasafe.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The API gateway as one user calls it: her bearer token on every request, JSON in, JSON out. */
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

    /**
     * Sends {@code json} (or nothing) and waits for the outcome ({@code Prefer: wait=10}: the transaction's answer
     * once it is committed or rejected, rather than as soon as it is submitted).
     */
    Answer send(String method, String path, byte[] json) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        URI uri = URI.create(root + path);
        var request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json")
                .header("Prefer", "wait=10");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new Dsh.Unusable(method + " " + uri + " could not be sent: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dsh.Unusable(method + " " + uri + " was interrupted");
        }
    }
}
