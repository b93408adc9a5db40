package health.datasafe.devsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import health.datasafe.contracts.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The development token issuer: an RSA key, its JWKS at {@code GET /jwks} and {@code POST /token} minting a
 * JWT for a subject and a role ({@code subject}, {@code role}, optional {@code ttlSeconds}, as form fields or
 * query parameters). It exists only in tests and the devstack; production uses a real identity provider.
 */
public final class DevTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "dsh-dev";
    /** The audience every minted token names, as the services expect it ({@code dsh.security.audience}). */
    public static final String AUDIENCE = "datasafehealth";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Duration DEFAULT_TTL = Duration.ofHours(8);

    private final RSAKey key;
    private final HttpServer server;

    private DevTokenIssuer(RSAKey key, int port) throws IOException {
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/jwks", this::jwks);
        server.createContext("/token", this::token);
        server.start();
    }

    /** Starts on the given port (0 for any free one) with a new key. */
    public static DevTokenIssuer start(int port) {
        try {
            return new DevTokenIssuer(newKey(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts with the key kept in {@code keyFile} (created if absent), so tokens outlive a restart. */
    public static DevTokenIssuer start(int port, Path keyFile) {
        try {
            RSAKey key;
            if (Files.exists(keyFile)) {
                key = RSAKey.parse(Files.readString(keyFile));
            } else {
                key = newKey();
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, key.toJSONString());
            }
            return new DevTokenIssuer(key, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable token key in " + keyFile, e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("dsh-dev-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + port() + "/jwks";
    }

    public String tokenUri() {
        return "http://127.0.0.1:" + port() + "/token";
    }

    public String mint(String subject, Role role) {
        return mint(subject, role, DEFAULT_TTL);
    }

    /** A signed JWT; a negative ttl gives a token that has already expired. */
    public String mint(String subject, Role role, Duration ttl) {
        if (!SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject must match " + SUBJECT.pattern());
        }
        return sign(claims(subject, role.name(), ttl).build(), JWSAlgorithm.RS256);
    }

    /** The claims of a token as {@link #mint} makes them, to be changed by tests that need a defective token. */
    public JWTClaimsSet.Builder claims(String subject, String role, Duration ttl) {
        Instant now = Instant.now();
        Instant issuedAt = ttl.isNegative() ? now.plus(ttl).minusSeconds(60) : now;
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("role", role)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(now.plus(ttl)));
    }

    /** Signs any claims with this issuer's RSA key (RS256, RS384 or RS512), naming its key id. */
    public String sign(JWTClaimsSet claims, JWSAlgorithm algorithm) {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        respond(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, problem(405, "use POST with subject and role"));
            return;
        }
        Map<String, String> fields = new HashMap<>(parse(exchange.getRequestURI().getRawQuery()));
        fields.putAll(parse(new String(exchange.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8)));
        String subject = fields.getOrDefault("subject", fields.get("sub"));
        try {
            Role role = Role.valueOf(fields.getOrDefault("role", ""));
            long ttl = Long.parseLong(fields.getOrDefault("ttlSeconds", Long.toString(DEFAULT_TTL.toSeconds())));
            if (subject == null) {
                throw new IllegalArgumentException("subject is required");
            }
            String token = mint(subject, role, Duration.ofSeconds(ttl));
            respond(exchange, 200, "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":%d}".formatted(token, ttl));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, problem(400, "need subject (" + SUBJECT.pattern() + ") and role (PATIENT, CLINICIAN, AUDITOR, ADMIN): "
                    + e.getMessage()));
        }
    }

    private static String problem(int status, String detail) {
        return "{\"type\":\"about:blank\",\"status\":%d,\"detail\":\"%s\"}".formatted(status, detail.replace("\"", "'"));
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new HashMap<>();
        if (form == null || form.isBlank()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
