package health.datasafe.systemtests;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller of the public HTTP API, holding one bearer token and, as a user's client does, her key: with a
 * {@link User}, it registers her key with the proof that she holds it and signs what the validator wants her to sign
 * (docs/ledger-format.md section 4f): her consents and revocations, and her reads and writes of another's chart.
 * Without one it sends requests exactly as given, as the operator could.
 */
final class Gateway {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RECORDS = Pattern.compile("/api/patients/([^/?]+)/records(?:/([^/?]+))?(?:\\?(.*))?");
    private static final Pattern CONSENTS = Pattern.compile("/api/patients/([^/?]+)/consents(?:/([^/?]+))?");
    private static final Pattern BREAK_GLASS = Pattern.compile("/api/patients/([^/?]+)/break-glass(?:/([^/?]+)/reviews)?");

    /** Whose key a gateway signs with; one made without a user sends what the operator could send in her name. */
    record User(String actorId, Role role, Ed25519.SigningKey key) {

        static User fresh(String actorId, Role role) {
            return new User(actorId, role, Ed25519.SigningKey.generate());
        }
    }

    private final String baseUrl;
    private final String token;
    private final User user;

    Gateway(String baseUrl, String token) {
        this(baseUrl, token, null);
    }

    Gateway(String baseUrl, String token, User user) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.user = user;
    }

    record Reply(int status, String contentType, byte[] body, HttpResponse<byte[]> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Her registration: her public key and the proof that she holds it, with {@code more} JSON members. */
    String registration(String more) {
        return registrationOf(user, more);
    }

    static String registrationOf(User user, String more) {
        return "{\"publicKey\":\"" + user.key().verifyingKey().toX509() + "\",\"keyProof\":\""
                + KeyPossession.prove(user.key(), user.actorId(), user.role().name()) + "\""
                + (more == null || more.isEmpty() ? "" : "," + more) + "}";
    }

    Reply get(String path) {
        Map<String, String> headers = Map.of();
        Matcher read = RECORDS.matcher(path);
        if (user != null && read.matches() && read.group(2) != null && !read.group(1).equals(user.actorId())) {
            Map<String, String> query = query(read.group(3));
            var metadata = new HashMap<String, String>();
            metadata.put(Metadata.RECORD_ID, decoded(read.group(2)));
            metadata.put(Metadata.PURPOSE, query.containsKey("purpose") ? Purpose.of(query.get("purpose")).name()
                    : Purpose.TREATMENT.name());
            reliesOnConsent(metadata, query);
            headers = signed(TransactionType.RECORD_ACCESSED, decoded(read.group(1)), metadata);
        }
        var request = request(path).GET();
        headers.forEach(request::header);
        return send(request);
    }

    Reply getAccepting(String path, String accept) {
        return send(request(path).header("Accept", accept).GET());
    }

    Reply postJson(String path, String json) {
        if (user != null && path.equals("/api/identities") && !json.contains("\"publicKey\"")) {
            String members = json.strip();
            json = registration(members.substring(1, members.length() - 1).strip());
        }
        Matcher consents = CONSENTS.matcher(path);
        if (user != null && consents.matches() && consents.group(2) == null) {
            json = signedConsent(decoded(consents.group(1)), json);
        }
        Matcher breakGlass = BREAK_GLASS.matcher(path);
        if (user != null && breakGlass.matches()) {
            json = signedBreakGlass(decoded(breakGlass.group(1)), breakGlass.group(2), json);
        }
        return send(request(path).header("Content-Type", "application/json").header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply postBytes(String path, String contentType, byte[] body) {
        Map<String, String> headers = Map.of();
        Matcher write = RECORDS.matcher(path);
        if (user != null && write.matches() && write.group(2) == null && !write.group(1).equals(user.actorId())) {
            Map<String, String> query = query(write.group(3));
            String recordId = UUID.randomUUID().toString();
            path = path + (path.contains("?") ? "&" : "?") + "recordId=" + recordId;
            var metadata = new HashMap<String, String>();
            metadata.put(Metadata.RECORD_ID, recordId);
            metadata.put(Metadata.CONTENT_TYPE, contentType.strip().toLowerCase(java.util.Locale.ROOT));
            if (query.get("resourceType") != null) {
                metadata.put(Metadata.RESOURCE_TYPE, query.get("resourceType"));
            }
            if (query.get("securityLabels") != null) {
                metadata.put(Metadata.SECURITY_LABELS, SecurityLabel.listOf(SecurityLabel.parse(query.get("securityLabels"))));
            }
            metadata.put(Metadata.PURPOSE, query.containsKey("purpose") ? Purpose.of(query.get("purpose")).name()
                    : Purpose.TREATMENT.name());
            reliesOnConsent(metadata, query);
            headers = signed(TransactionType.RECORD_ADDED, decoded(write.group(1)), metadata);
        }
        var request = request(path).header("Content-Type", contentType).header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Any request, with this body (or none), waiting for the outcome of what it submits; signs nothing. */
    Reply send(String method, String path, String contentType, byte[] body) {
        var request = request(path).header("Prefer", "wait=30");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply delete(String path) {
        Matcher consents = CONSENTS.matcher(path);
        if (user != null && consents.matches() && consents.group(2) != null) {
            return signedDelete(path, TransactionType.CONSENT_REVOKED, decoded(consents.group(1)),
                    Metadata.CONSENT_ID, decoded(consents.group(2)));
        }
        Matcher records = RECORDS.matcher(path);
        if (user != null && records.matches() && records.group(2) != null) {
            return signedDelete(path, TransactionType.RECORD_ERASED, decoded(records.group(1)),
                    Metadata.RECORD_ID, decoded(records.group(2)));
        }
        return send(request(path).header("Prefer", "wait=30").DELETE());
    }

    /** A DELETE whose body is only her signature of the one metadata entry its transaction carries, as dsh sends it. */
    private Reply signedDelete(String path, TransactionType type, String patient, String key, String id) {
        var metadata = new HashMap<String, String>();
        metadata.put(key, id);
        Map<String, String> signed = signed(type, patient, metadata);
        String body = JSON.writeValueAsString(Map.of("notAfter", signed.get("DSH-Not-After"),
                "signature", signed.get("DSH-Signature")));
        return send(request(path).header("Prefer", "wait=30").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The consent body with what the transaction-service needs of a signed one and her signature of its metadata. */
    @SuppressWarnings("unchecked")
    private String signedConsent(String patient, String json) {
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(json, Map.class));
        body.putIfAbsent("consentId", UUID.randomUUID().toString());
        body.putIfAbsent("validFrom", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, (String) body.get("consentId"));
        metadata.put(Metadata.GRANTEE, (String) body.get("grantee"));
        metadata.put(Metadata.ACTION, body.get("action") == null ? "read" : (String) body.get("action"));
        String purposes = Purpose.names((String) body.get("purpose"));
        body.put("purpose", purposes);
        metadata.put(Metadata.PURPOSE, purposes);
        metadata.put(Metadata.VALID_FROM, Instant.parse((String) body.get("validFrom")).toString());
        metadata.put(Metadata.VALID_UNTIL, Instant.parse((String) body.get("validUntil")).toString());
        for (String key : new String[] {Metadata.DECISION, Metadata.RESOURCE_TYPE, Metadata.SECURITY_LABELS,
                Metadata.RECORD_IDS, Metadata.EXCEPTIONS}) {
            if (body.get(key) != null) {
                metadata.put(key, (String) body.get(key));
            }
        }
        Map<String, String> signed = signed(TransactionType.CONSENT_GRANTED, patient, metadata);
        body.put("notAfter", signed.get("DSH-Not-After"));
        body.put("signature", signed.get("DSH-Signature"));
        return JSON.writeValueAsString(body);
    }

    /**
     * A break-glass body (its window's id added when absent) or a review's, with his or her signature of the metadata
     * its transaction carries; a body without what is signed goes as it is, for the server to refuse.
     */
    @SuppressWarnings("unchecked")
    private String signedBreakGlass(String patient, String reviewed, String json) {
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(json, Map.class));
        var metadata = new HashMap<String, String>();
        TransactionType type;
        if (reviewed == null) {
            if (body.get("reason") == null || body.get("validUntil") == null) {
                return json;
            }
            body.putIfAbsent("consentId", UUID.randomUUID().toString());
            type = TransactionType.EMERGENCY_ACCESS;
            metadata.put(Metadata.CONSENT_ID, (String) body.get("consentId"));
            metadata.put(Metadata.PURPOSE, Purpose.EMERGENCY.name());
            metadata.put(Metadata.VALID_UNTIL, Instant.parse((String) body.get("validUntil")).toString());
        } else {
            type = TransactionType.EMERGENCY_REVIEWED;
            metadata.put(Metadata.CONSENT_ID, decoded(reviewed));
            metadata.put(Metadata.FINDING, (String) body.get("finding"));
        }
        Map<String, String> signed = signed(type, patient, metadata);
        body.put("notAfter", signed.get("DSH-Not-After"));
        body.put("signature", signed.get("DSH-Signature"));
        return JSON.writeValueAsString(body);
    }

    private static void reliesOnConsent(Map<String, String> metadata, Map<String, String> query) {
        metadata.put(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION);
        if (query.get("consent") != null) {
            metadata.put(Metadata.CONSENT_ID, query.get("consent"));
        }
    }

    /** Her signature of the metadata, {@code notAfter} (a minute from now) added to it, as the two headers. */
    private Map<String, String> signed(TransactionType type, String patient, Map<String, String> metadata) {
        String notAfter = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        metadata.put(Metadata.NOT_AFTER, notAfter);
        return Map.of("DSH-Not-After", notAfter,
                "DSH-Signature", UserSignatures.sign(user.key(), type, patient, user.actorId(), metadata));
    }

    private static Map<String, String> query(String query) {
        var parameters = new HashMap<String, String>();
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0) {
                    parameters.put(decoded(parameter.substring(0, equals)), decoded(parameter.substring(equals + 1)));
                }
            }
        }
        return parameters;
    }

    private static String decoded(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
