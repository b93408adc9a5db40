package health.datasafe.devstack.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Asks a Spring Boot service for {@code GET /actuator/health}. Healthy means HTTP 200 with status UP. When the
 * endpoint wants a token (401), the probe asks again with the bearer token it was given.
 */
public final class HealthProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Supplier<String> bearerToken;

    /** What the last probe saw: an HTTP answer, or why there was none. */
    public record Answer(boolean healthy, String summary) {
    }

    public HealthProbe(Supplier<String> bearerToken) {
        this.bearerToken = bearerToken;
    }

    /** {@code GET /actuator/health}: the whole health, every component included. */
    public Answer probe(URI baseUrl) {
        return probe(baseUrl, "/actuator/health");
    }

    /** {@code GET path}, a health endpoint or group such as {@code /actuator/health/liveness}. */
    public Answer probe(URI baseUrl, String path) {
        URI health = baseUrl.resolve(path);
        try {
            HttpResponse<String> response = get(health, null);
            if (response.statusCode() == 401) {
                response = get(health, bearerToken.get());
            }
            String body = response.body() == null ? "" : response.body();
            boolean up = response.statusCode() == 200 && body.replace(" ", "").contains("\"status\":\"UP\"");
            return new Answer(up, "HTTP " + response.statusCode() + " " + abbreviate(body));
        } catch (IOException e) {
            return new Answer(false, "no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted");
        }
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
