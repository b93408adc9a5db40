package health.datasafe.recovery.rebuild;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The rebuild endpoints of the target services, over HTTP with a bearer token:
 * {@code POST {url}/api/{segment}/rebuilds} with {@code {"checkpoint"?}} answers 202 and the status, 400 for a
 * checkpoint it refuses, 409 while one runs (404: it cannot rebuild); {@code GET .../rebuilds/{id}} answers the status,
 * 404 for an id it does not know.
 */
@Component
class TargetRebuilds {

    private final JsonMapper json;
    private final Duration timeout;
    private final HttpClient http;

    TargetRebuilds(JsonMapper json, RebuildSettings settings) {
        this.json = json;
        this.timeout = settings.rebuilds().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What a poll of a rebuild's status found. */
    sealed interface Polled {
    }

    record Status(TargetStatus status) implements Polled {
    }

    /** The target answered 404: it does not know the rebuild (it restarted since). */
    record Forgotten() implements Polled {
    }

    /** The target refused the token (401 or 403): it expired, most likely. */
    record TokenRefused(int status) implements Polled {
    }

    /** No answer, a 5xx, or an answer that is not a status. */
    record Unreachable(String why) implements Polled {
    }

    /**
     * Asks the target to rebuild; its status once accepted. Throws {@link RebuildNotSupported} (404),
     * {@link TargetRefusedCheckpoint} (400), {@link RebuildRunning} (409) or {@link TargetUnavailable}.
     */
    TargetStatus start(RebuildTarget target, String checkpoint, String bearerToken) {
        URI uri = target.rebuilds();
        var body = new LinkedHashMap<String, Object>();
        if (checkpoint != null) {
            body.put("checkpoint", checkpoint);
        }
        var request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (IOException e) {
            throw new TargetUnavailable(target.service(), uri, "could not be reached: " + e);
        }
        return switch (response.statusCode()) {
            case 200, 201, 202 -> read(response).orElseThrow(
                    () -> new TargetUnavailable(target.service(), uri, "answered no readable rebuild status"));
            case 400 -> throw new TargetRefusedCheckpoint(target.service(), detail(response));
            case 404 -> throw new RebuildNotSupported(target.service(), "it answered 404 at " + uri);
            case 409 -> throw new RebuildRunning(target.service(), detail(response));
            default -> throw new TargetUnavailable(target.service(), uri, "answered HTTP " + response.statusCode());
        };
    }

    Polled poll(RebuildTarget target, String targetId, String bearerToken) {
        URI uri = target.rebuild(targetId);
        var request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (IOException e) {
            return new Unreachable("could not be reached: " + e);
        }
        return switch (response.statusCode()) {
            case 200 -> read(response).filter(status -> status.id().equals(targetId)).<Polled>map(Status::new)
                    .orElseGet(() -> new Unreachable("answered no readable status of rebuild " + targetId));
            case 401, 403 -> new TokenRefused(response.statusCode());
            case 404 -> new Forgotten();
            default -> new Unreachable("answered HTTP " + response.statusCode());
        };
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Optional<TargetStatus> read(HttpResponse<String> response) {
        try {
            TargetStatus status = json.readValue(response.body(), TargetStatus.class);
            return status != null && status.readable() ? Optional.of(status) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The problem's detail the target answered, or its status line when it gave none. */
    private String detail(HttpResponse<String> response) {
        try {
            var problem = json.readTree(response.body());
            if (problem != null && problem.hasNonNull("detail") && problem.get("detail").isString()) {
                return problem.get("detail").asString();
            }
        } catch (JacksonException e) {
            // not a problem document: fall through to the status
        }
        return "HTTP " + response.statusCode();
    }
}
