package health.datasafe.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dsh against a real HTTP server on a free loopback port standing in for the gateway: what each command sends, signed
 * as the server will check it, and how answers become exit codes. (The system tests run it against the devstack.)
 */
class DshTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 201;

    record Request(String method, String path, String query, Headers headers, String authorization, String contentType,
                   byte[] body) {
        @SuppressWarnings("unchecked")
        Map<String, String> json() {
            return CanonicalJson.read(body, Map.class);
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void gateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            if (status < 300 && exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().contains("/records/")) {
                byte[] content = "the record".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.getResponseHeaders().add("DSH-Transaction-Id", "t-2");
                exchange.getResponseHeaders().add("DSH-Block-Height", "7");
                exchange.getResponseHeaders().add("DSH-Receipt", "receipt-of-t-2");
                exchange.sendResponseHeaders(200, content.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(content);
                }
                return;
            }
            byte[] answer = (status < 300 ? "{\"transactionId\":\"t-1\",\"status\":\"COMMITTED\"}"
                    : "{\"status\":" + status + ",\"title\":\"Transaction rejected\",\"reason\":\"USER_SIGNATURE_INVALID\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (var out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Run dsh(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var all = new java.util.ArrayList<>(List.of("--gateway", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--token", "token-of-alice", "--key-file", dir.resolve("alice.pem").toString()));
        all.addAll(List.of(args));
        int code = Dsh.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String publicKey() {
        return new KeyFile(dir.resolve("alice.pem")).read().verifyingKey().toX509();
    }

    @Test
    void aNewKeyIsReadableByItsOwnerAloneAndNeverReplaced() throws IOException {
        Run created = dsh("key", "new");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains(publicKey(), "-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.pem"))))
                .isEqualTo("rw-------");
        Run again = dsh("key", "new");
        assertThat(again.exitCode()).isEqualTo(Dsh.UNUSABLE);
        assertThat(again.err()).contains("does not replace a key");
        assertThat(dsh("key", "show").out()).contains(publicKey());
    }

    @Test
    void registeringSendsThePublicKeyWithTheProofThatTheCallerHoldsIt() {
        dsh("key", "new");

        Run registered = dsh("register", "--actor", "alice", "--role", "PATIENT");

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("COMMITTED");
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/identities");
        assertThat(sent.authorization()).isEqualTo("Bearer token-of-alice");
        assertThat(sent.json().get("publicKey")).isEqualTo(publicKey());
        assertThat(KeyPossession.proven("alice", "PATIENT", publicKey(), sent.json().get("keyProof"))).isTrue();
    }

    @Test
    void aGrantIsSignedOverExactlyTheMetadataItsTransactionWillCarry() {
        dsh("key", "new");

        Run granted = dsh("consent", "grant", "--patient", "alice", "--grantee", "dr-bob", "--purpose", "TREATMENT",
                "--until", "2027-01-01T00:00:00.000Z", "--from", "2026-12-01T10:00:00Z", "--id", "consent-9");

        assertThat(granted.exitCode()).as(granted.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/patients/alice/consents");
        assertThat(sent.contentType()).isEqualTo("application/json");
        Map<String, String> body = sent.json();
        // the metadata as the transaction-service builds it from the body (docs/ledger-format.md section 4f)
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, body.get("consentId"));
        metadata.put(Metadata.GRANTEE, body.get("grantee"));
        metadata.put(Metadata.ACTION, "read");
        metadata.put(Metadata.PURPOSE, body.get("purpose"));
        metadata.put(Metadata.VALID_FROM, Instant.parse(body.get("validFrom")).toString());
        metadata.put(Metadata.VALID_UNTIL, Instant.parse(body.get("validUntil")).toString());
        metadata.put(Metadata.NOT_AFTER, Instant.parse(body.get("notAfter")).toString());
        metadata.put(Metadata.USER_SIGNATURE, body.get("signature"));
        assertThat(metadata).containsEntry(Metadata.CONSENT_ID, "consent-9")
                .containsEntry(Metadata.VALID_UNTIL, "2027-01-01T00:00:00Z");
        assertThat(Instant.parse(body.get("notAfter"))).isBetween(Instant.now(), Instant.now().plusSeconds(301));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.CONSENT_GRANTED, metadata), publicKey())).isTrue();
    }

    @Test
    void aRevocationCarriesItsSignatureInTheBody() {
        dsh("key", "new");

        Run revoked = dsh("consent", "revoke", "--patient", "alice", "--consent", "consent-9", "--sign-for", "PT1M");

        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("DELETE /api/patients/alice/consents/consent-9");
        var metadata = Map.of(Metadata.CONSENT_ID, "consent-9", Metadata.NOT_AFTER, sent.json().get("notAfter"),
                Metadata.USER_SIGNATURE, sent.json().get("signature"));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.CONSENT_REVOKED, metadata), publicKey())).isTrue();
    }

    @Test
    void aGrantCarriesTheWholeProvisionWithPurposesByName() {
        dsh("key", "new");

        Run granted = dsh("consent", "grant", "--patient", "alice", "--grantee", "dr-bob,org:st-marys", "--purpose",
                "TREAT,ETREAT", "--until", "2027-01-01T00:00:00Z", "--action", "read,write", "--resource-types",
                "Observation", "--exceptions", "[{\"securityLabels\":\"PSY\"}]");

        assertThat(granted.exitCode()).as(granted.err()).isZero();
        Map<String, String> body = requests.getFirst().json();
        assertThat(body).containsEntry("grantee", "dr-bob,org:st-marys").containsEntry("purpose", "TREATMENT,EMERGENCY")
                .containsEntry("action", "read,write").containsEntry("resourceType", "Observation")
                .containsEntry("exceptions", "[{\"securityLabels\":\"PSY\"}]");
        assertThat(dsh("consent", "grant", "--patient", "alice", "--grantee", "dr-bob", "--purpose", "GOSSIP",
                "--until", "2027-01-01T00:00:00Z").exitCode()).isEqualTo(Dsh.UNUSABLE);
    }

    @Test
    void aRotationMakesANewKeyAndSignsItWithTheOldOne() throws IOException {
        dsh("key", "new");
        String old = publicKey();
        var next = dir.resolve("alice-next.pem");

        Run rotated = dsh("key", "rotate", "--actor", "alice", "--role", "PATIENT", "--new-key-file", next.toString());

        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/identities/alice/keys");
        String fresh = new KeyFile(next).read().verifyingKey().toX509();
        var metadata = new HashMap<>(sent.json());
        metadata.put(Metadata.USER_SIGNATURE, metadata.remove("signature"));
        assertThat(metadata.get(Metadata.PUBLIC_KEY)).isEqualTo(fresh);
        assertThat(KeyPossession.proven("alice", "PATIENT", fresh, metadata.get(Metadata.KEY_PROOF))).isTrue();
        assertThat(UserSignatures.signedBy(transaction(TransactionType.KEY_ROTATED, metadata), old)).isTrue();
        assertThat(dsh("key", "rotate", "--actor", "alice", "--role", "PATIENT", "--new-key-file", next.toString())
                .exitCode()).as("never over an existing key").isEqualTo(Dsh.UNUSABLE);
    }

    @Test
    void aProofForARecoveryShowsTheKeyAndThatItsHolderHoldsIt() {
        dsh("key", "new");

        Run proof = dsh("key", "proof", "--actor", "alice", "--role", "PATIENT");

        assertThat(proof.exitCode()).as(proof.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, String> shown = CanonicalJson.read(proof.out().strip().getBytes(StandardCharsets.UTF_8), Map.class);
        assertThat(shown.get("publicKey")).isEqualTo(publicKey());
        assertThat(KeyPossession.proven("alice", "PATIENT", publicKey(), shown.get("keyProof"))).isTrue();
        assertThat(requests).as("nothing is sent").isEmpty();
    }

    @Test
    void aRefusalIsExitOneWithTheServersProblemOnStandardError() {
        dsh("key", "new");
        status = 403;

        Run refused = dsh("consent", "revoke", "--patient", "alice", "--consent", "consent-9");

        assertThat(refused.exitCode()).isEqualTo(Dsh.REFUSED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("HTTP 403", "USER_SIGNATURE_INVALID");
    }

    @Test
    void withoutAKeyOrATokenNothingIsSent() {
        Run withoutKey = dsh("register", "--actor", "alice", "--role", "PATIENT");
        dsh("key", "new");
        var noToken = new ByteArrayOutputStream();
        int code = Dsh.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(noToken, true, StandardCharsets.UTF_8),
                "--gateway", "http://127.0.0.1:" + server.getAddress().getPort(), "--key-file",
                dir.resolve("alice.pem").toString(), "register", "--actor", "alice", "--role", "PATIENT");

        assertThat(withoutKey.exitCode()).isEqualTo(Dsh.UNUSABLE);
        assertThat(withoutKey.err()).contains("dsh key new");
        assertThat(code).isEqualTo(Dsh.UNUSABLE);
        assertThat(requests).isEmpty();
    }

    @Test
    void aClinicianSignsAWriteOfAnothersChartOverTheMetadataItsTransactionWillCarry() throws IOException {
        dsh("key", "new");
        Path note = Files.writeString(dir.resolve("note.txt"), "a note");

        Run added = dsh("record", "add", "--patient", "alice", "--actor", "dr-bob", "--file", note.toString(), "--type",
                "Text/Plain", "--resource-type", "Observation", "--labels", "PSY", "--purpose", "TREAT", "--consent", "c-1",
                "--id", "r-1");

        assertThat(added.exitCode()).as(added.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/patients/alice/records");
        assertThat(sent.query()).isEqualTo("recordId=r-1&resourceType=Observation&securityLabels=PSY&purpose=TREATMENT"
                + "&consent=c-1");
        assertThat(sent.contentType()).isEqualTo("text/plain");
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("a note");
        // the metadata as the transaction-service builds it from the request
        var metadata = new HashMap<String, String>(Map.of(Metadata.RECORD_ID, "r-1", Metadata.CONTENT_TYPE, "text/plain",
                Metadata.RESOURCE_TYPE, "Observation", Metadata.SECURITY_LABELS, "PSY", Metadata.PURPOSE, "TREATMENT",
                Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION, Metadata.CONSENT_ID, "c-1",
                Metadata.NOT_AFTER, sent.headers().getFirst("DSH-Not-After"),
                Metadata.USER_SIGNATURE, sent.headers().getFirst("DSH-Signature")));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.RECORD_ADDED, "alice", "dr-bob", metadata),
                publicKey())).isTrue();
    }

    @Test
    void aSignedReadPutsTheContentInItsFileAndPrintsWhereTheReadWasCommitted() throws IOException {
        dsh("key", "new");
        Path out = dir.resolve("read.txt");

        Run read = dsh("record", "read", "--patient", "alice", "--actor", "dr-bob", "--record", "r-1", "--out",
                out.toString());

        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo("the record");
        assertThat(read.out()).contains("\"DSH-Transaction-Id\":\"t-2\"", "\"DSH-Block-Height\":\"7\"",
                "\"DSH-Receipt\":\"receipt-of-t-2\"");
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path() + "?" + sent.query())
                .isEqualTo("GET /api/patients/alice/records/r-1?purpose=TREATMENT");
        var metadata = new HashMap<String, String>(Map.of(Metadata.RECORD_ID, "r-1", Metadata.PURPOSE, "TREATMENT",
                Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION,
                Metadata.NOT_AFTER, sent.headers().getFirst("DSH-Not-After"),
                Metadata.USER_SIGNATURE, sent.headers().getFirst("DSH-Signature")));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.RECORD_ACCESSED, "alice", "dr-bob", metadata),
                publicKey())).isTrue();
        assertThat(dsh("record", "read", "--patient", "alice", "--actor", "dr-bob", "--record", "r-1", "--out",
                out.toString()).exitCode()).as("never over an existing file").isEqualTo(Dsh.UNUSABLE);
    }

    @Test
    void aBreakGlassIsSignedOverItsWindowAndCarriesItsReasonOnlyInTheBody() {
        dsh("key", "new");

        Run opened = dsh("break-glass", "open", "--patient", "alice", "--actor", "dr-bob", "--reason",
                "collapsed in the waiting room", "--minutes", "30", "--id", "bg-1");

        assertThat(opened.exitCode()).as(opened.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/patients/alice/break-glass");
        Map<String, String> body = sent.json();
        assertThat(body).containsEntry("reason", "collapsed in the waiting room").containsEntry("consentId", "bg-1");
        assertThat(Instant.parse(body.get("validUntil")))
                .isBetween(Instant.now().plusSeconds(29 * 60), Instant.now().plusSeconds(30 * 60));
        var metadata = Map.of(Metadata.CONSENT_ID, "bg-1", Metadata.PURPOSE, "EMERGENCY",
                Metadata.VALID_UNTIL, body.get("validUntil"), Metadata.NOT_AFTER, body.get("notAfter"),
                Metadata.USER_SIGNATURE, body.get("signature"));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.EMERGENCY_ACCESS, "alice", "dr-bob", metadata),
                publicKey())).isTrue();
    }

    @Test
    void anErasureIsSignedByThePatientOverTheRecordItErases() {
        dsh("key", "new");

        Run erased = dsh("record", "erase", "--patient", "alice", "--record", "rec-7");

        assertThat(erased.exitCode()).as(erased.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("DELETE /api/patients/alice/records/rec-7");
        var metadata = Map.of(Metadata.RECORD_ID, "rec-7", Metadata.NOT_AFTER, sent.json().get("notAfter"),
                Metadata.USER_SIGNATURE, sent.json().get("signature"));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.RECORD_ERASED, metadata), publicKey())).isTrue();
    }

    @Test
    void aReviewIsSignedOverItsFinding() {
        dsh("key", "new");

        Run reviewed = dsh("break-glass", "review", "--patient", "alice", "--actor", "audrey", "--id", "bg-1",
                "--finding", "UNJUSTIFIED");

        assertThat(reviewed.exitCode()).as(reviewed.err()).isZero();
        Request sent = requests.getFirst();
        assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /api/patients/alice/break-glass/bg-1/reviews");
        var metadata = Map.of(Metadata.CONSENT_ID, "bg-1", Metadata.FINDING, "UNJUSTIFIED",
                Metadata.NOT_AFTER, sent.json().get("notAfter"), Metadata.USER_SIGNATURE, sent.json().get("signature"));
        assertThat(UserSignatures.signedBy(transaction(TransactionType.EMERGENCY_REVIEWED, "alice", "audrey", metadata),
                publicKey())).isTrue();
        assertThat(dsh("break-glass", "review", "--patient", "alice", "--actor", "audrey", "--id", "bg-1",
                "--finding", "FINE").exitCode()).isEqualTo(2);
    }

    private static Transaction transaction(TransactionType type, String patient, String actor, Map<String, String> metadata) {
        return new Transaction("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", type, patient, actor, null, metadata,
                Instant.now(), "initiator", null);
    }

    private static Transaction transaction(TransactionType type, Map<String, String> metadata) {
        return new Transaction("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", type, "alice", "alice", null, metadata,
                Instant.now(), "initiator", null);
    }
}
