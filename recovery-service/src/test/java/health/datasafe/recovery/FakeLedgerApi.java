package health.datasafe.recovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A real HTTP server on a free loopback port standing in for the ledger-service's read API
 * ({@code GET /api/ledger/head}, {@code GET /api/ledger/blocks?shard=S&from=H&limit=N}), serving the blocks a test says the
 * ledger committed, and for its rebuild endpoints ({@link #rebuilds()}). One per test JVM, like the broker and the database. It answers 401 without a bearer token and
 * remembers every one it was sent.
 */
public final class FakeLedgerApi {

    private static FakeLedgerApi instance;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final Map<Integer, ConcurrentSkipListMap<Long, Map<String, Object>>> blocks = new ConcurrentHashMap<>();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
    private volatile int failingStatus;
    private final FakeRebuilds rebuilds = new FakeRebuilds("/api/ledger/rebuilds");

    private FakeLedgerApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/ledger/head", this::head);
        server.createContext("/api/ledger/blocks", this::blocks);
        server.createContext("/api/ledger/rebuilds", rebuilds);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static synchronized FakeLedgerApi get() {
        if (instance == null) {
            try {
                instance = new FakeLedgerApi();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The ledger's rebuild endpoints ({@code /api/ledger/rebuilds}); no other service's are served here (404). */
    public FakeRebuilds rebuilds() {
        return rebuilds;
    }

    /** Every Authorization header sent so far (scheduled audits send their own beside the callers'). */
    public Set<String> authorizations() {
        return Set.copyOf(authorizations);
    }

    /** From now on every request is answered with this HTTP status (0: answer normally again). */
    public void failWith(int status) {
        failingStatus = status;
    }

    /** The ledger now serves this block, exactly as committed. */
    public void commit(BlockCommitted block) {
        var view = new LinkedHashMap<String, Object>();
        view.put("shard", block.header().shard());
        view.put("height", block.header().height());
        view.put("previousHash", block.header().previousHash());
        view.put("merkleRoot", block.header().merkleRoot());
        view.put("txCount", block.header().txCount());
        view.put("logSize", block.header().logSize());
        view.put("timestamp", block.header().timestamp().toString());
        view.put("blockHash", block.blockHash());
        view.put("signer", block.signer());
        view.put("signature", block.signature());
        view.put("txHashes", block.transactions().stream().map(CommittedTransaction::txHash).toList());
        blocks.computeIfAbsent(block.header().shard(), shard -> new ConcurrentSkipListMap<>())
                .put(block.header().height(), Map.copyOf(view));
    }

    /** Changes one field of a served block, as a tampered ledger database would; answers the block as it was. */
    public Map<String, Object> tamper(int shard, long height, String field, Object value) {
        var served = blocks.get(shard);
        var original = served.get(height);
        var changed = new LinkedHashMap<>(original);
        changed.put(field, value);
        served.put(height, Map.copyOf(changed));
        return original;
    }

    /** The ledger no longer serves the block, as if its rows were deleted; answers the block as it was. */
    public Map<String, Object> remove(int shard, long height) {
        return blocks.get(shard).remove(height);
    }

    public void restore(Map<String, Object> original) {
        blocks.get((Integer) original.get("shard")).put((Long) original.get("height"), original);
    }

    private void head(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        List<Map<String, Object>> shards = new ArrayList<>();
        blocks.forEach((shard, chain) -> {
            if (!chain.isEmpty()) {
                var last = chain.lastEntry().getValue();
                shards.add(Map.of("shard", shard, "height", last.get("height"), "blockHash", last.get("blockHash"),
                        "logSize", last.get("logSize")));
            }
        });
        respond(exchange, 200, json.writeValueAsString(Map.of("shards", shards)));
    }

    private void blocks(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        try {
            var query = new HashMap<String, String>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            int shard = Integer.parseInt(query.get("shard"));
            long from = Long.parseLong(query.get("from"));
            int limit = Integer.parseInt(query.get("limit"));
            var chain = blocks.getOrDefault(shard, new ConcurrentSkipListMap<>());
            var page = List.copyOf(chain.subMap(from, true, from + limit, false).values());
            respond(exchange, 200, json.writeValueAsString(Map.of("shard", shard, "from", from, "blocks", page)));
        } catch (RuntimeException e) {
            respond(exchange, 400, "{\"status\":400,\"detail\":\"bad request\"}");
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "{\"status\":401}");
            return false;
        }
        authorizations.add(authorization);
        if (failingStatus != 0) {
            respond(exchange, failingStatus, "{\"status\":" + failingStatus + "}");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
