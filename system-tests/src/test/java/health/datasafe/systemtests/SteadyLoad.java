package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.DevTokenIssuer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Open-loop load through the gateway, as clinics send it: every {@code 1 / visitsPerSecond} a new synthetic patient
 * registers (IDENTITY_REGISTERED) waiting up to 30 s for the commit ({@code Prefer: wait=30}; still pending then, it
 * follows {@code GET /api/transactions/{id}} every second), and once committed adds one small FHIR record
 * (RECORD_ADDED). A registration that is refused or
 * unanswered is sent once more after its {@code Retry-After} (at most 5 s; 1 s without one), as a client would:
 * registering again is safe (409 when it is already registered or pending). A record is sent once. Each request goes
 * out when it is due, whatever earlier ones are doing, so an outage does not slow the offer down. Every write and
 * what came back is kept, with when it was sent and answered.
 */
final class SteadyLoad implements AutoCloseable {

    enum Kind { IDENTITY_REGISTERED, RECORD_ADDED }

    /**
     * One request as the client saw it: {@code status} 0 when no answer came (the connection failed or timed out),
     * {@code transactionId} when the answer named one; times from {@link System#nanoTime()}.
     */
    record Request(String patient, Kind kind, long sentAt, long answeredAt, int status, String transactionId,
                   String failure) {

        boolean accepted() {
            return (status == 201 || status == 202) && transactionId != null;
        }

        /** Whether the request was out, unanswered, at that instant. */
        boolean inFlightAt(long instant) {
            return sentAt <= instant && instant <= answeredAt;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);
    /** How long a visit follows its registration before it gives up adding the record. */
    private static final Duration FOLLOW_AT_MOST = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final DevTokenIssuer tokens;
    private final String run;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final ExecutorService visits = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger started = new AtomicInteger();

    /** @param run a prefix of every patient id, so the run's transactions can be told from others */
    SteadyLoad(String gatewayUrl, DevTokenIssuer tokens, String run) {
        this.gatewayUrl = gatewayUrl;
        this.tokens = tokens;
        this.run = run;
    }

    void start(double visitsPerSecond) {
        long period = Math.round(TimeUnit.SECONDS.toNanos(1) / visitsPerSecond);
        ticker.scheduleAtFixedRate(() -> {
            String patient = run + "-" + started.getAndIncrement();
            unfinished.incrementAndGet();
            String token = tokenOf(patient);
            visits.submit(() -> register(patient, token, 1));
        }, 0, period, TimeUnit.NANOSECONDS);
    }

    int visitsStarted() {
        return started.get();
    }

    /** Returns once {@code visits} more visits have started than when it was called (two minutes at most). */
    void awaitMoreVisits(int visits) {
        int from = visitsStarted();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> visitsStarted() >= from + visits);
    }

    /** Stops starting visits, and waits (up to two minutes) for those started to finish. */
    void stop() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(1, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        synchronized (unfinished) {
            while (unfinished.get() > 0 && System.nanoTime() < deadline) {
                unfinished.wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            }
        }
        later.shutdownNow();
        visits.shutdown();
        visits.awaitTermination(1, TimeUnit.MINUTES);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private String tokenOf(String patient) {
        return tokens.mint(patient, Role.PATIENT);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        later.shutdownNow();
        visits.shutdownNow();
    }

    private void finished() {
        synchronized (unfinished) {
            unfinished.decrementAndGet();
            unfinished.notifyAll();
        }
    }

    private void afterwards(Duration delay, Runnable step) {
        try {
            later.schedule(() -> visits.submit(step), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            finished();
        }
    }

    private void register(String patient, String token, int attempt) {
        Request registered = send(patient, Kind.IDENTITY_REGISTERED, token, "/api/identities", "application/json",
                Gateway.registrationOf(Gateway.User.fresh(patient, Role.PATIENT), null).getBytes(StandardCharsets.UTF_8));
        if (registered.status() == 201) {
            addRecord(patient, token);
        } else if (registered.accepted()) {
            afterwards(FOLLOW_EVERY, () -> follow(patient, token, registered.transactionId(),
                    System.nanoTime() + FOLLOW_AT_MOST.toNanos()));
        } else if (attempt == 1 && registered.status() != 409) {
            afterwards(retryAfter(registered), () -> register(patient, token, 2));
        } else {
            finished();
        }
    }

    /** Once the registration is committed, adds the record; gives up when it is rejected or time is up. */
    private void follow(String patient, String token, String registration, long until) {
        String status = statusOf(token, registration);
        if ("COMMITTED".equals(status)) {
            addRecord(patient, token);
        } else if ("REJECTED".equals(status) || System.nanoTime() > until) {
            finished();
        } else {
            afterwards(FOLLOW_EVERY, () -> follow(patient, token, registration, until));
        }
    }

    private void addRecord(String patient, String token) {
        send(patient, Kind.RECORD_ADDED, token, "/api/patients/" + patient + "/records", "application/fhir+json",
                ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"heart rate\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                        + "\"valueQuantity\":{\"value\":72,\"unit\":\"/min\"},\"note\":[{\"text\":\"SYNTHETIC\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
        finished();
    }

    /** The transaction's status as its patient reads it, or null when that cannot be read now. */
    private String statusOf(String token, String transactionId) {
        var request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/transactions/" + transactionId))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).path("status").asString(null) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Request send(String patient, Kind kind, String token, String path, String contentType, byte[] body) {
        var builder = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (kind == Kind.IDENTITY_REGISTERED) {
            builder.header("Prefer", "wait=30");
        }
        var request = builder.build();
        long sentAt = System.nanoTime();
        Request answer;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String transactionId = null;
            String failure = null;
            if (response.statusCode() == 201 || response.statusCode() == 202) {
                transactionId = JSON.readTree(response.body()).path("transactionId").asString(null);
            } else {
                failure = response.headers().firstValue("Retry-After").map(seconds -> "retry-after=" + seconds)
                        .orElse(new String(response.body(), StandardCharsets.UTF_8));
            }
            answer = new Request(patient, kind, sentAt, System.nanoTime(), response.statusCode(), transactionId, failure);
        } catch (IOException e) {
            answer = new Request(patient, kind, sentAt, System.nanoTime(), 0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Request(patient, kind, sentAt, System.nanoTime(), 0, null, "interrupted");
        }
        requests.add(answer);
        return answer;
    }

    private static Duration retryAfter(Request refused) {
        if (refused.failure() != null && refused.failure().startsWith("retry-after=")) {
            try {
                var asked = Duration.ofSeconds(Long.parseLong(refused.failure().substring("retry-after=".length()).strip()));
                return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            } catch (NumberFormatException dateNotSeconds) {
                return Duration.ofSeconds(1);
            }
        }
        return Duration.ofSeconds(1);
    }
}
