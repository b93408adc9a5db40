package health.datasafe.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one service behind the gateway: a real HTTP server on a free loopback port that answers every
 * request with JSON naming itself and echoing the method, the path and query as received, the Authorization header
 * and the body's length. A path ending in {@code /slow} is answered only when the backend closes, as a service that
 * hangs would be. A GET of a record ({@code /api/patients/{p}/records/{r}}) also carries the headers the
 * transaction-service sends with a record's content.
 */
final class EchoBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private EchoBackend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::echo);
        server.start();
    }

    static EchoBackend start(String name) {
        try {
            return new EchoBackend(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request this backend received, as {@code METHOD /path}. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void echo(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            received.add(exchange.getRequestMethod() + " " + path);
            long bodyLength = exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            if (path.endsWith("/slow")) {
                closing.await(60, TimeUnit.SECONDS);
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("backend", name);
            echo.put("method", exchange.getRequestMethod());
            echo.put("path", path);
            echo.put("query", exchange.getRequestURI().getRawQuery());
            echo.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            echo.put("bodyLength", bodyLength);
            byte[] body = JSON.writeValueAsBytes(echo);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("DSH-Backend", name);
            if (exchange.getRequestMethod().equals("GET") && path.matches("/api/patients/[^/]+/records/[^/]+")) {
                String recordId = path.substring(path.lastIndexOf('/') + 1);
                exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + recordId + ".json\"");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().set("Content-Security-Policy", "sandbox");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
