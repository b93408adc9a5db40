package health.datasafe.bench.submit;

import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The devstack's public API as the benchmark uses it: development tokens, registering a patient, adding a record and
 * following a transaction until it is committed. Every write asks {@code Prefer: wait=30}, so the gateway answers 201
 * once the transaction is in a committed block, or 202 if it is not yet.
 */
public final class Gateway implements AutoCloseable {

    static final Duration PREFERRED_WAIT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = PREFERRED_WAIT.plusSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** How long a closed-loop write (enrolment, {@link #addRecord}) keeps retrying 503s that carry Retry-After. */
    private static final Duration SHED_PATIENCE = Duration.ofMinutes(2);

    private final String base;
    private final String tokenUri;
    private final JsonMapper json;
    private final HttpClient http;

    /**
     * @param gatewayBase the gateway's URL without a trailing slash
     * @param tokenUri    the development issuer's own {@code POST /token}, used only if the gateway has no
     *                    {@code /dev/token}; may be null
     */
    public Gateway(String gatewayBase, String tokenUri, JsonMapper json) {
        this.base = gatewayBase;
        this.tokenUri = tokenUri;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** A development token for this subject and role ({@code POST /dev/token}). */
    public String token(String subject, String role) throws IOException, InterruptedException {
        String form = "subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "&role=" + URLEncoder.encode(role, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(tokenRequest(base + "/dev/token", form));
        if (response.statusCode() == 404 && tokenUri != null) {
            response = send(tokenRequest(tokenUri, form));
        }
        if (response.statusCode() != 200) {
            throw new RequestRefused("POST /dev/token", response.statusCode(), response.body());
        }
        String token = parse("POST /dev/token", response).path("access_token").asString("");
        if (token.isEmpty()) {
            throw new RequestRefused("POST /dev/token", response.statusCode(), "no access_token in " + response.body());
        }
        return token;
    }

    /**
     * {@code POST /api/identities}: the token's subject, a patient, registers herself with a key of her own (made
     * here, and not kept: the bench's patients sign nothing) and the proof that she holds it.
     */
    public Submission register(String patientId, String token) throws IOException, InterruptedException {
        var key = Ed25519.SigningKey.generate();
        String body = "{\"publicKey\":\"" + key.verifyingKey().toX509() + "\",\"keyProof\":\""
                + KeyPossession.prove(key, patientId, "PATIENT") + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/identities"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=" + PREFERRED_WAIT.toSeconds())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return submission("POST /api/identities", sendRetryingShed(request));
    }

    /** {@code POST /api/patients/{patientId}/records} with this body. */
    public Submission addRecord(String patientId, String token, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/patients/" + patientId + "/records"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Prefer", "wait=" + PREFERRED_WAIT.toSeconds())
                .header("Content-Type", SyntheticObservation.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return submission("POST /api/patients/{id}/records", sendRetryingShed(request));
    }

    /**
     * Returns once the submission's transaction is COMMITTED and final ({@link #isFinal}): at once if the write answered 201, otherwise by polling
     * {@code GET /api/transactions/{id}}.
     *
     * @return whether polling was needed
     * @throws TransactionRejected if it ends REJECTED
     * @throws CommitNotSeen       if it is still pending after {@code timeout}
     */
    public boolean awaitCommitted(Submission submission, String token, Duration timeout)
            throws IOException, InterruptedException {
        if (submission.committed()) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = "GET /api/transactions/{id}";
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/transactions/" + submission.transactionId()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            HttpResponse<String> response = send(request);
            if (response.statusCode() != 200) {
                throw new RequestRefused(what, response.statusCode(), response.body());
            }
            JsonNode status = parse(what, response);
            switch (status.path("status").asString("")) {
                case "COMMITTED" -> {
                    if (isFinal(status)) {
                        return true;
                    }
                    Thread.sleep(POLL_INTERVAL);
                }
                case "REJECTED" -> throw new TransactionRejected(submission.transactionId(),
                        status.path("reason").asString("") + " " + status.path("detail").asString(""));
                default -> {
                    if (System.nanoTime() > deadline) {
                        throw new CommitNotSeen(submission.transactionId(), timeout);
                    }
                    Thread.sleep(POLL_INTERVAL);
                }
            }
        }
    }

    /**
     * {@code POST /api/patients/{patientId}/records} with {@code Prefer: wait=waitSeconds}, answered whatever the
     * status: an open-loop client counts refusals ({@code 503} with {@code Retry-After} above all) instead of failing
     * on them. A body that is not the expected JSON leaves the transaction id empty.
     */
    public Answer offerRecord(String patientId, String token, byte[] body, String contentType, long waitSeconds,
                              Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/patients/" + patientId + "/records"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Prefer", "wait=" + waitSeconds)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = send(request);
        String transactionId = "";
        String status = "";
        if (response.statusCode() == 201 || response.statusCode() == 202) {
            try {
                JsonNode answer = json.readTree(response.body());
                transactionId = answer.path("transactionId").asString("");
                status = answer.path("status").asString("");
            } catch (JacksonException e) {
                // counted as an unexpected answer by the caller
            }
        }
        return new Answer(response.statusCode(), transactionId, status,
                response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    /**
     * Polls {@code GET /api/transactions/{id}} every 20 ms until the transaction is COMMITTED and final ({@link #isFinal}) or REJECTED or
     * {@code deadlineNanos} (of {@link System#nanoTime()}) has passed; a poll answered 503 is repeated after a pause.
     *
     * @return COMMITTED (and final), REJECTED, or PENDING when the deadline passed first (also when committed, not yet final)
     */
    public String followUntil(String transactionId, String token, long deadlineNanos)
            throws IOException, InterruptedException {
        String what = "GET /api/transactions/{id}";
        while (System.nanoTime() < deadlineNanos) {
            long left = deadlineNanos - System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/transactions/" + transactionId))
                    .timeout(Duration.ofNanos(Math.max(left, 1_000_000)))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            HttpResponse<String> response = send(request);
            if (response.statusCode() == 200) {
                JsonNode view = parse(what, response);
                String status = view.path("status").asString("");
                if (isFinal(view) || status.equals("REJECTED")) {
                    return status;
                }
            } else if (response.statusCode() != 503 && response.statusCode() != 404) {
                throw new RequestRefused(what, response.statusCode(), response.body());
            }
            Thread.sleep(POLL_INTERVAL);
        }
        return "PENDING";
    }

    /**
     * Whether a transaction as {@code GET /api/transactions/{id}} shows it is COMMITTED in a block a quorum of ledger
     * nodes signed (with one node, the moment it is committed). The benchmarks count a transaction committed once it
     * is final, as the transaction-service's 201 does.
     */
    static boolean isFinal(JsonNode view) {
        JsonNode finality = view.path("finality");
        return "COMMITTED".equals(view.path("status").asString(""))
                && (finality.isMissingNode() || finality.isNull() || finality.path("final").asBoolean());
    }

    @Override
    public void close() {
        http.close();
    }

    private Submission submission(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 201 && status != 202) {
            throw new RequestRefused(what, status, response.body());
        }
        JsonNode answer = parse(what, response);
        String transactionId = answer.path("transactionId").asString("");
        if (transactionId.isEmpty()) {
            throw new RequestRefused(what, status, "no transactionId in " + response.body());
        }
        return new Submission(status, transactionId, answer.path("status").asString(""));
    }

    private JsonNode parse(String what, HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new RequestRefused(what, response.statusCode(), "not JSON: " + response.body());
        }
    }

    private static HttpRequest tokenRequest(String uri, String form) {
        return HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the request again after {@code Retry-After} while it is answered 503 with one (shed before anything was
     * stored), as a well-behaved client does, for at most {@link #SHED_PATIENCE}; then returns the last answer.
     */
    private HttpResponse<String> sendRetryingShed(HttpRequest request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SHED_PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> response = send(request);
            var retryAfter = response.headers().firstValue("Retry-After");
            if (response.statusCode() != 503 || retryAfter.isEmpty() || System.nanoTime() > deadline) {
                return response;
            }
            long seconds;
            try {
                seconds = Math.clamp(Long.parseLong(retryAfter.get().trim()), 0, 30);
            } catch (NumberFormatException e) {
                seconds = 1;
            }
            Thread.sleep(Duration.ofSeconds(seconds));
        }
    }

    /**
     * What an offered record write answered.
     *
     * @param httpStatus    the HTTP status
     * @param transactionId the transaction to follow (201 and 202), else empty
     * @param status        the transaction's status in the answer (COMMITTED, PENDING), else empty
     * @param retryAfter    the {@code Retry-After} header, or null
     * @param body          the body as received
     */
    public record Answer(int httpStatus, String transactionId, String status, String retryAfter, String body) {

        /** 201: the transaction-service answers so once the block holding it is final. */
        public boolean committed() {
            return httpStatus == 201;
        }
    }

    /**
     * What a write answered.
     *
     * @param httpStatus    201 (committed) or 202 (not yet)
     * @param transactionId the transaction to follow
     * @param status        the transaction's status in the answer (COMMITTED, PENDING)
     */
    public record Submission(int httpStatus, String transactionId, String status) {

        /** 201: the transaction-service answers so once the block holding it is final. */
        public boolean committed() {
            return httpStatus == 201;
        }
    }
}
