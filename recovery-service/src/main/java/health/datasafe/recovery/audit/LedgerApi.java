package health.datasafe.recovery.audit;

import health.datasafe.recovery.RecoverySettings;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads the ledger-service's HTTP API at {@code dsh.recovery.ledger-url}, with the caller's bearer token. */
@Component
class LedgerApi {

    private final JsonMapper json;
    private final RecoverySettings settings;
    private final HttpClient http;
    private final String base;

    LedgerApi(JsonMapper json, RecoverySettings settings) {
        this.json = json;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.ledgerTimeout()).build();
        String url = settings.ledgerUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    LedgerHead head(String bearerToken) {
        URI uri = URI.create(base + "/api/ledger/head");
        return read(uri, fetch(uri, bearerToken), LedgerHead.class);
    }

    /** The block, or empty if the ledger answers 404. */
    Optional<LedgerBlock> block(int shard, long height, String bearerToken) {
        URI uri = URI.create(base + "/api/ledger/blocks/" + height + "?shard="
                + URLEncoder.encode(Integer.toString(shard), StandardCharsets.UTF_8));
        HttpResponse<String> response = fetch(uri, bearerToken);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(uri, response, LedgerBlock.class));
    }

    private HttpResponse<String> fetch(URI uri, String bearerToken) {
        var request = HttpRequest.newBuilder(uri)
                .timeout(settings.ledgerTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LedgerUnavailable(uri, "could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailable(uri, "was not read: interrupted");
        }
    }

    private <T> T read(URI uri, HttpResponse<String> response, Class<T> type) {
        if (response.statusCode() != 200) {
            throw new LedgerUnavailable(uri, "answered HTTP " + response.statusCode());
        }
        try {
            T value = json.readValue(response.body(), type);
            if (value == null) {
                throw new LedgerUnavailable(uri, "answered an empty body");
            }
            return value;
        } catch (JacksonException e) {
            throw new LedgerUnavailable(uri, "answered unreadable JSON: " + e.getOriginalMessage());
        }
    }
}
