package health.datasafe.recovery.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import health.datasafe.recovery.RecoverySettings;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

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

    /**
     * The shard's committed blocks from height {@code from}, at most {@code limit} of them ({@code GET
     * /api/ledger/blocks?shard=&from=&limit=}), in the order served: heights the ledger does not serve are absent.
     */
    List<LedgerBlock> blocks(int shard, long from, int limit, String bearerToken) {
        URI uri = URI.create(base + "/api/ledger/blocks?shard=" + shard + "&from=" + from + "&limit=" + limit);
        List<LedgerBlock> blocks = read(uri, fetch(uri, bearerToken), BlockPage.class).blocks();
        if (blocks == null) {
            throw new LedgerUnavailable(uri, "answered a page without blocks");
        }
        return blocks;
    }

    /** The ledger's answer to {@code GET /api/ledger/blocks?shard=S&from=H&limit=N}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record BlockPage(List<LedgerBlock> blocks) {
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
