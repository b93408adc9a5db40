package health.datasafe.systemtests;

import health.datasafe.devstack.Service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of every service, as two tables. Those that take a patient's id, the id of something of hers, or
 * serve only auditors and administrators: each asked, through the gateway and of its service directly, about patient
 * A and about a patient nobody registered, by a caller who may not see A's data; both must be refused, alike (status,
 * title, reason), and nothing of A's may be in the answer: a refusal that differed would tell the caller whether A
 * exists. And those any valid token may read (hashes, keys, signatures): answered, with nothing of A's in them.
 */
final class CrossPatientProbes {

    /**
     * One request; its path (and body) name {@code {patient}}, {@code {record}}, {@code {consent}}, {@code {tx}},
     * {@code {hash}}, {@code {shard}}, {@code {height}}.
     */
    record Probe(Service service, String method, String path, String contentType, String body, boolean routed) {

        static Probe of(Service service, String method, String path) {
            return new Probe(service, method, path, null, null, true);
        }

        Probe body(String contentType, String body) {
            return new Probe(service, method, path, contentType, body, routed);
        }

        /** Served by the service only (an administrator's endpoint the gateway does not route). */
        Probe direct() {
            return new Probe(service, method, path, contentType, body, false);
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + service + ")";
        }
    }

    /** What the placeholders stand for: one patient's things (her transaction's place), or things nobody has. */
    record Subject(String patient, String record, String consent, String tx, String hash, int shard, long height) {

        String fill(String template) {
            return template.replace("{patient}", patient).replace("{record}", record).replace("{consent}", consent)
                    .replace("{tx}", tx).replace("{hash}", hash).replace("{shard}", String.valueOf(shard))
                    .replace("{height}", String.valueOf(height));
        }
    }

    static List<Probe> everyEndpoint(String grantee, String until) {
        String consent = """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(grantee, until);
        // unsigned, as the probing callers send everything: the validator refuses it before it asks who the patient is
        String breakGlass = """
                {"reason":"a probe","validUntil":"%s"}""".formatted(java.time.Instant.now().plusSeconds(1800)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return List.of(
                Probe.of(Service.TRANSACTION, "GET", "/api/patients/{patient}/records/{record}?purpose=TREATMENT"),
                Probe.of(Service.TRANSACTION, "POST", "/api/patients/{patient}/records")
                        .body("text/plain", "a probe"),
                Probe.of(Service.TRANSACTION, "GET", "/api/patients/{patient}/consents"),
                Probe.of(Service.TRANSACTION, "GET", "/api/patients/{patient}/consents/{consent}"),
                Probe.of(Service.TRANSACTION, "POST", "/api/patients/{patient}/consents")
                        .body("application/json", consent),
                Probe.of(Service.TRANSACTION, "DELETE", "/api/patients/{patient}/consents/{consent}"),
                Probe.of(Service.TRANSACTION, "DELETE", "/api/patients/{patient}/records/{record}"),
                Probe.of(Service.TRANSACTION, "GET", "/api/patients/{patient}/records/{record}/erasure"),
                Probe.of(Service.TRANSACTION, "POST", "/api/patients/{patient}/break-glass")
                        .body("application/json", breakGlass),
                Probe.of(Service.TRANSACTION, "POST", "/api/patients/{patient}/break-glass/{consent}/reviews")
                        .body("application/json", "{\"finding\":\"JUSTIFIED\"}"),
                Probe.of(Service.REPORT, "GET", "/api/break-glass"),
                Probe.of(Service.TRANSACTION, "GET", "/api/transactions/{tx}"),
                Probe.of(Service.TRANSACTION, "POST", "/api/identities/{patient}/keys").body("application/json", "{}"),
                Probe.of(Service.TRANSACTION, "POST", "/api/identities/{patient}/key-recovery")
                        .body("application/json", "{\"recovery\":\"LOST\"}"),
                Probe.of(Service.REPORT, "GET", "/api/patients/{patient}/access-log"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/transactions/{tx}"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/proofs/inclusion?txHash={hash}"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/export?shard=0&fromHeight=0&toHeight=0"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/verify"),
                Probe.of(Service.RECOVERY, "GET", "/api/recovery/incidents"),
                Probe.of(Service.RECOVERY, "POST", "/api/recovery/audit"),
                Probe.of(Service.RECOVERY, "GET", "/api/recovery/rebuilds"),
                Probe.of(Service.RECOVERY, "POST", "/api/recovery/rebuilds").body("application/json",
                        "{\"service\":\"ledger-service\"}"),
                Probe.of(Service.RECOVERY, "GET", "/api/recovery/rebuilds/{tx}"),
                Probe.of(Service.RECOVERY, "GET", "/api/recovery/witness"),
                Probe.of(Service.TRANSACTION, "POST", "/api/transactions/rebuilds").direct(),
                Probe.of(Service.TRANSACTION, "GET", "/api/transactions/rebuilds/{tx}").direct(),
                Probe.of(Service.VALIDATOR, "POST", "/api/validator/rebuilds").direct(),
                Probe.of(Service.VALIDATOR, "GET", "/api/validator/rebuilds/{tx}").direct(),
                Probe.of(Service.LEDGER, "POST", "/api/ledger/rebuilds").direct(),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/rebuilds/{tx}").direct(),
                Probe.of(Service.REPORT, "POST", "/api/reports/rebuilds").direct(),
                Probe.of(Service.REPORT, "GET", "/api/reports/rebuilds/{tx}").direct(),
                Probe.of(Service.RECOVERY, "POST", "/api/recovery-witness/rebuilds").direct(),
                Probe.of(Service.RECOVERY, "GET", "/api/recovery-witness/rebuilds/{tx}").direct());
    }

    /** What any valid token may read: the ledger's hashes, keys and signatures, which name nobody. */
    static List<Probe> openToAnyToken() {
        return List.of(
                Probe.of(Service.LEDGER, "GET", "/api/ledger/head"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/blocks?shard={shard}&from=0&limit=1000"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/blocks/{height}?shard={shard}"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/checkpoint"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/checkpoint?shard={shard}&height={height}"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/proofs/consistency?shard={shard}&from=1"),
                Probe.of(Service.LEDGER, "GET", "/api/ledger/keys"));
    }

    /** One caller's answers, about A and about nobody, for one probe and one way in. */
    record Pair(String caller, String way, Probe probe, Gateway.Reply aboutA, Gateway.Reply aboutNobody) {
        @Override
        public String toString() {
            return caller + " via " + way + ": " + probe + "\n  about A: " + aboutA + "\n  about nobody: " + aboutNobody;
        }
    }

    /**
     * Asks each probe as each caller, through the gateway (when it routes it) and of its service, about {@code a} and
     * about {@code nobody} (unless that is null: an open probe has no one to compare with). A caller's function gives
     * his way in: the API gateway for {@link Service#GATEWAY}, else the service itself.
     */
    static List<Pair> ask(Map<String, Function<Service, Gateway>> callers, List<Probe> probes,
                          Subject a, Subject nobody) {
        var pairs = new ArrayList<Pair>();
        callers.forEach((caller, ways) -> {
            for (Probe probe : probes) {
                for (Service way : probe.routed() ? List.of(Service.GATEWAY, probe.service()) : List.of(probe.service())) {
                    Gateway gateway = ways.apply(way);
                    pairs.add(new Pair(caller, way.name(), probe, send(gateway, probe, a),
                            nobody == null ? null : send(gateway, probe, nobody)));
                }
            }
        });
        return pairs;
    }

    /** Answered, and nothing of A's ({@code secrets}) in it. */
    static void assertAnsweredWithNothingOf(Pair pair, List<String> secrets) {
        assertThat(pair.aboutA().status()).as(pair.toString()).isEqualTo(200);
        String answer = new String(pair.aboutA().body(), StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(answer).as(pair.toString()).doesNotContain(secret);
        }
    }

    private static Gateway.Reply send(Gateway gateway, Probe probe, Subject subject) {
        byte[] body = probe.body() == null ? null : subject.fill(probe.body()).getBytes(StandardCharsets.UTF_8);
        return gateway.send(probe.method(), subject.fill(probe.path()), probe.contentType(), body);
    }

    /** Refused alike, and nothing of A's ({@code secrets}) in either answer. */
    static void assertRefusedAlike(Pair pair, List<String> secrets) {
        assertThat(pair.aboutA().status()).as(pair.toString()).isIn(403, 404)
                .isEqualTo(pair.aboutNobody().status());
        assertThat(pair.aboutA().contentType()).as(pair.toString()).startsWith("application/problem+json");
        var a = pair.aboutA().json();
        var nobody = pair.aboutNobody().json();
        assertThat(text(a, "title")).as(pair.toString()).isEqualTo(text(nobody, "title"));
        assertThat(text(a, "reason")).as(pair.toString()).isEqualTo(text(nobody, "reason"));
        String answer = new String(pair.aboutA().body(), StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(answer).as(pair.toString()).doesNotContain(secret);
        }
    }

    private static String text(tools.jackson.databind.JsonNode problem, String field) {
        return problem.has(field) ? problem.get(field).asString() : null;
    }

    private CrossPatientProbes() {
    }
}
