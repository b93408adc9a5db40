package health.datasafe.recovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service's rebuild endpoints as the rebuild contract states them, served by a real HTTP server (mounted at
 * {@code base}, e.g. {@code /api/ledger/rebuilds} on {@link FakeLedgerApi}'s): {@code POST} starts a rebuild that
 * stays RUNNING until the test says how far it got ({@link #progress}, {@link #done}, {@link #fail}), 409 while one
 * runs; {@code GET /{id}} its status, 404 once {@link #forget forgotten}. 401 without a bearer token or with one the
 * test made it {@link #refuse}; every token and body it was sent is kept.
 */
public final class FakeRebuilds implements HttpHandler {

    /** A {@code POST} it accepted: the Authorization header, the body as sent, and the id it gave the rebuild. */
    public record Start(String authorization, JsonNode body, String id) {
    }

    private final String base;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Map<String, Object>> rebuilds = new LinkedHashMap<>();
    private final List<Start> starts = new ArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> polledWith = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusals = new AtomicInteger();
    private int failingStatus;

    FakeRebuilds(String base) {
        this.base = base;
    }

    public synchronized List<Start> starts() {
        return List.copyOf(starts);
    }

    public synchronized Start lastStart() {
        return starts.getLast();
    }

    /** Every Authorization header a {@code GET} of a status was sent with. */
    public Set<String> polledWith() {
        return Set.copyOf(polledWith);
    }

    public synchronized void progress(String id, long replayed, long total, long perSecond, long etaSeconds) {
        var status = rebuilds.get(id);
        status.put("recordsReplayed", replayed);
        status.put("recordsTotal", total);
        status.put("perSecond", perSecond);
        status.put("etaSeconds", etaSeconds);
    }

    public synchronized void done(String id) {
        var status = rebuilds.get(id);
        status.put("state", "DONE");
        status.put("recordsReplayed", status.get("recordsTotal"));
        status.put("etaSeconds", 0L);
    }

    public synchronized void fail(String id, String failure) {
        var status = rebuilds.get(id);
        status.put("state", "FAILED");
        status.put("failure", failure);
        status.put("etaSeconds", 0L);
    }

    /** The service restarted: it no longer knows the rebuild (and it no longer runs). */
    public synchronized void forget(String id) {
        rebuilds.remove(id);
    }

    /** How many requests were answered 401 so far. */
    public int refusals() {
        return refusals.get();
    }

    /** From now on this token is refused with 401, as an expired one would be. */
    public void refuse(String token) {
        refused.add("Bearer " + token);
    }

    /** From now on every request is answered with this HTTP status (0: answer normally again). */
    public synchronized void failWith(int status) {
        failingStatus = status;
    }

    /** Normal service again: every running rebuild done, no status forced, no token refused. */
    public synchronized void reset() {
        failingStatus = 0;
        refused.clear();
        rebuilds.values().stream().filter(status -> "RUNNING".equals(status.get("state")))
                .forEach(status -> done((String) status.get("id")));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || refused.contains(authorization)) {
            refusals.incrementAndGet();
            respond(exchange, 401, problem(401, "the bearer token is invalid or has expired"));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        synchronized (this) {
            if (failingStatus != 0) {
                respond(exchange, failingStatus, problem(failingStatus, "failing on purpose"));
            } else if (method.equals("POST") && path.equals(base)) {
                start(exchange, authorization);
            } else if (method.equals("GET") && path.startsWith(base + "/")) {
                polledWith.add(authorization);
                var status = rebuilds.get(path.substring(base.length() + 1));
                if (status == null) {
                    respond(exchange, 404, problem(404, "no rebuild " + path + " ran on this node since it started"));
                } else {
                    respond(exchange, 200, json.writeValueAsString(status));
                }
            } else {
                respond(exchange, 405, problem(405, "no such method here"));
            }
        }
    }

    private void start(HttpExchange exchange, String authorization) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        var running = rebuilds.values().stream().filter(status -> "RUNNING".equals(status.get("state"))).findFirst();
        if (running.isPresent()) {
            respond(exchange, 409, problem(409,
                    "rebuild " + running.get().get("id") + " of this ledger is still running"));
            return;
        }
        String id = UUID.randomUUID().toString();
        var status = new LinkedHashMap<String, Object>();
        status.put("id", id);
        status.put("service", "whatever-it-calls-itself");
        status.put("state", "RUNNING");
        status.put("recordsReplayed", 0L);
        status.put("recordsTotal", 0L);
        status.put("perSecond", 0L);
        status.put("etaSeconds", 0L);
        status.put("failure", null);
        rebuilds.put(id, status);
        starts.add(new Start(authorization, body, id));
        respond(exchange, 202, json.writeValueAsString(status));
    }

    private String problem(int status, String detail) {
        return json.writeValueAsString(Map.of("type", "about:blank", "status", status, "detail", detail));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status / 100 == 2 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
