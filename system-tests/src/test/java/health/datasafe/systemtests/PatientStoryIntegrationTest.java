package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devstack.Service;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Receipt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story of issue 3, told through the gateway on the whole devstack: real broker, real PostgreSQL, the service
 * JVMs with a ledger of three nodes (issue 11: a read is released only once final, its receipt carries a quorum). Patient P, doctors D and E; P adds a record, D is refused, P grants, D reads, E is refused,
 * P revokes, D is refused again; the access log shows it all; the ledger re-verifies and then detects one
 * edited row; no plaintext anywhere. And issue 4's outsider: D's read carries a receipt that verifies offline
 * against the ledger's public key, and an auditor's exported bundle passes {@code dsh-verify} until one stored row
 * is edited, when it fails naming that block. Kafka is locked down as in docker compose (issue 11): every service
 * logs in as its own SCRAM user and is held by ACLs to its own topics, and none of them was ever refused.
 */
@OnTheDevstack.LedgerNodes(3)
@OnTheDevstack.KafkaLocked
class PatientStoryIntegrationTest extends OnTheDevstack {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String p = "patient-p-" + run;
    private final String q = "patient-q-" + run;
    private final String d = "doctor-d-" + run;
    private final String e = "doctor-e-" + run;
    private final byte[] content = ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"note\":\"SYNTHETIC-" + run
            + " haemoglobin 13.1 g/dL, fictional patient\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void consentGovernsEveryReadAndTheLedgerProvesIt() throws Exception {
        Gateway patient = as(p, Role.PATIENT);
        Gateway otherPatient = as(q, Role.PATIENT);
        Gateway doctorD = as(d, Role.CLINICIAN);
        Gateway doctorE = as(e, Role.CLINICIAN);
        Gateway auditor = as("auditor-" + run, Role.AUDITOR);

        // P, Q, D and E register; each registration is committed before the answer
        for (Gateway who : List.of(patient, otherPatient, doctorD, doctorE, auditor)) {
            var registered = who.postJson("/api/identities", "{}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }

        // P adds a record
        var added = patient.postBytes("/api/patients/" + p + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordId = added.json().get("recordId").asString();
        String recordPath = "/api/patients/" + p + "/records/" + recordId;

        // D tries without consent: refused, and the attempt is recorded
        var refused = doctorD.get(recordPath + "?purpose=TREATMENT");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // P grants D read for treatment for one day
        var granted = patient.postJson("/api/patients/" + p + "/consents", """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(d, Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        String consentId = granted.json().get("consentId").asString();

        // D reads exactly the bytes P stored, released only once RECORD_ACCESSED is final: committed in a block that
        // a quorum of the three ledger nodes signed
        var read = doctorD.get(recordPath + "?purpose=TREATMENT");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(content);
        String readTx = read.header("DSH-Transaction-Id");
        var readStatus = doctorD.get("/api/transactions/" + readTx);
        assertThat(readStatus.json().get("status").asString()).isEqualTo("COMMITTED");
        JsonNode finality = readStatus.json().get("finality");
        assertThat(finality.get("final").asBoolean()).as(readStatus.toString()).isTrue();
        assertThat(finality.get("quorum").asInt()).isEqualTo(2);
        assertThat(finality.get("signers").size()).isGreaterThanOrEqualTo(2);
        long readHeight = readStatus.json().get("blockHeight").asLong();
        int readShard = readStatus.json().get("shard").asInt();
        var block = auditor.get("/api/ledger/blocks/" + readHeight + "?shard=" + readShard);
        assertThat(block.status()).as(block.toString()).isEqualTo(200);
        assertThat(block.json().get("txHashes").toString()).contains(read.header("DSH-Tx-Hash"));

        // the read's receipt verifies offline against the pinned genesis: its checkpoint signed by a quorum of nodes
        String ledgerKey = auditor.get("/api/ledger/keys").json().get("publicKey").asString();
        Receipt receipt = Receipt.fromHeader(read.header("DSH-Receipt"));
        var genesis = Genesis.parse(Files.readAllBytes(genesisFile()));
        assertThat(receipt.verify(genesis.keys().keys(), 2).signers()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(receipt.txHash()).isEqualTo(read.header("DSH-Tx-Hash"));
        assertThat(receipt.txId()).isEqualTo(readTx);
        assertThat(receipt.blockHeight()).isEqualTo(readHeight);
        assertThat(receipt.shard()).isEqualTo(readShard);
        Path publicKeyPem = dataDir.resolve("ledger.pub.pem");
        Files.writeString(publicKeyPem, "-----BEGIN PUBLIC KEY-----\n" + ledgerKey + "\n-----END PUBLIC KEY-----\n");
        Path receiptFile = dataDir.resolve("receipt.txt");
        Files.writeString(receiptFile, read.header("DSH-Receipt"));
        dshVerify("receipt", receiptFile.toString(), "--genesis", genesisFile().toString(), "--min-signers", "2")
                .expect(0);

        // E has no consent
        assertThat(doctorE.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // P revokes; D is refused again
        var revoked = patient.delete("/api/patients/" + p + "/consents/" + consentId);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(201);
        assertThat(doctorD.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // P's access log: D's denied try, D's read, E's denied try, D's denied try, in that order
        var log = patient.get("/api/patients/" + p + "/access-log");
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : log.json().get("entries")) {
            entries.add(entry.get("actorId").asString() + ":" + entry.get("outcome").asString());
            assertThat(entry.get("txHash").asString()).hasSize(64);
            assertThat(entry.get("purpose").asString()).isEqualTo("TREATMENT");
        }
        assertThat(entries).containsExactly(d + ":DENIED", d + ":READ", e + ":DENIED", d + ":DENIED");

        // Q asking for P's record or access log learns nothing
        assertThat(otherPatient.get(recordPath).status()).isIn(403, 404);
        assertThat(otherPatient.get("/api/patients/" + p + "/access-log").status()).isIn(403, 404);
        assertThat(otherPatient.get("/api/patients/nobody-" + run + "/access-log").status())
                .isEqualTo(otherPatient.get("/api/patients/" + p + "/access-log").status());

        // no plaintext of the record in any topic or any table
        assertNoPlaintextInKafka();
        assertNoPlaintextInDatabase();

        // all of it with Kafka locked down, and no service was ever refused by its ACLs
        assertThat(stack.kafkaLocked()).isTrue();
        assertNoServiceWasRefusedByKafka();

        // the whole chain re-verifies from genesis ...
        var verified = auditor.get("/api/ledger/verify");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().get("valid").asBoolean()).as(verified.toString()).isTrue();

        // ... and so does the auditor's export of the read's shard, with nothing but dsh-verify and the pinned key
        Path bundle = export(auditor, readShard, 0, readHeight, "bundle-before.json");
        dshVerify("bundle", bundle.toString(), "--genesis", genesisFile().toString(), "--min-signers", "1").expect(0);
        Path checkpoint = dataDir.resolve("checkpoint.txt");
        Files.write(checkpoint, auditor.get("/api/ledger/checkpoint").body());
        dshVerify("checkpoint", "--file", checkpoint.toString(), "--public-key", publicKeyPem.toString()).expect(0);
        dshVerify("checkpoint", "--file", checkpoint.toString(), "--genesis", genesisFile().toString(),
                "--min-signers", "1").expect(0);
        assertThat(otherPatient.get("/api/ledger/export?shard=" + readShard + "&fromHeight=0&toHeight=" + readHeight)
                .status()).isEqualTo(403);

        // ... and one edited transaction row is found, with its height and both hashes
        try (Connection db = database()) {
            var tampered = db.createStatement().executeUpdate("""
                    UPDATE ledger.ledger_tx SET canonical_json = convert_to(replace(convert_from(canonical_json, 'UTF8'),
                        'TREATMENT', 'RESEARCH'), 'UTF8')
                    WHERE tx_id = '%s'""".formatted(readTx));
            assertThat(tampered).isEqualTo(1);
        }
        var broken = auditor.get("/api/ledger/verify");
        assertThat(broken.json().get("valid").asBoolean()).as(broken.toString()).isFalse();
        assertThat(broken.json().get("shard").asInt()).isEqualTo(readShard);
        assertThat(broken.json().get("height").asLong()).isEqualTo(readHeight);
        assertThat(broken.json().get("expected").asString()).isEqualTo(read.header("DSH-Tx-Hash"));
        assertThat(broken.json().get("actual").asString()).hasSize(64).isNotEqualTo(read.header("DSH-Tx-Hash"));

        // an export taken now fails offline too, at the same block, whether it starts at genesis or at that block
        for (long from : List.of(0L, readHeight)) {
            Path tamperedBundle = export(auditor, readShard, from, readHeight, "bundle-after-" + from + ".json");
            var failed = dshVerify("bundle", tamperedBundle.toString(), "--genesis", genesisFile().toString(),
                    "--min-signers", "1").expect(1);
            assertThat(failed.stderr()).contains("block " + readHeight + " (shard " + readShard + ")")
                    .contains(read.header("DSH-Tx-Hash"));
            assertThat(failed.stderr().strip().lines()).hasSize(1);
        }
    }

    /**
     * Issue 13, break-glass: a clinician reads without consent only with a written reason he signs, for a window the
     * policy allows; it is flagged in her access log, she is told, and an auditor reads the reason and records her
     * finding. Her explicit deny of emergency reads stops it; past its window he is refused again.
     */
    @Test
    void aClinicianBreaksTheGlassWithAReasonSheIsToldOfAndAnAuditorReviews() throws Exception {
        Gateway patient = as(p, Role.PATIENT);
        Gateway doctorD = as(d, Role.CLINICIAN);
        Gateway doctorE = as(e, Role.CLINICIAN);
        String a = "auditor-a-" + run;
        Gateway auditor = as(a, Role.AUDITOR);
        for (Gateway who : List.of(patient, doctorD, doctorE, auditor)) {
            var registered = who.postJson("/api/identities", "{}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        var added = patient.postBytes("/api/patients/" + p + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordPath = "/api/patients/" + p + "/records/" + added.json().get("recordId").asString();
        String breakGlassPath = "/api/patients/" + p + "/break-glass";
        String reason = "SYNTHETIC-" + run + " found unconscious, no consent on file";
        Instant halfAnHour = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

        // without a break-glass, an emergency read is refused like any other without consent
        assertThat(doctorD.get(recordPath + "?purpose=ETREAT").status()).isEqualTo(403);
        // no reason, or a window longer than the policy's hour: a clear 400, and nothing opened
        var noReason = doctorD.postJson(breakGlassPath, "{\"validUntil\":\"%s\"}".formatted(halfAnHour));
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(noReason.json().get("field").asString()).isEqualTo("reason");
        var tooLong = doctorD.postJson(breakGlassPath, JSON.writeValueAsString(Map.of("reason", reason,
                "validUntil", Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString())));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().get("reason").asString()).isEqualTo("EMERGENCY_WINDOW_INVALID");

        // D breaks the glass for half an hour and reads for emergency treatment under it
        var opened = doctorD.postJson(breakGlassPath, JSON.writeValueAsString(Map.of("reason", reason,
                "validUntil", halfAnHour.toString())));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String window = opened.json().get("consentId").asString();
        var emergencyRead = doctorD.get(recordPath + "?purpose=ETREAT&consent=" + window);
        assertThat(emergencyRead.status()).as(emergencyRead.toString()).isEqualTo(200);
        assertThat(emergencyRead.body()).isEqualTo(content);
        assertThat(emergencyRead.header("DSH-Receipt")).isNotBlank();
        // it is his window, for emergencies only
        assertThat(doctorE.get(recordPath + "?purpose=ETREAT").status()).isEqualTo(403);
        assertThat(doctorD.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // P's access log flags the break-glass and the read under it, and she is told on her notification topic
        JsonNode log = patient.get("/api/patients/" + p + "/access-log").json().get("entries");
        JsonNode breakGlass = null;
        for (JsonNode entry : log) {
            if (entry.get("outcome").asString().equals("BREAK_GLASS")) {
                breakGlass = entry;
            }
        }
        assertThat(breakGlass).as(log.toString()).isNotNull();
        assertThat(breakGlass.get("actorId").asString()).isEqualTo(d);
        assertThat(breakGlass.get("consentId").asString()).isEqualTo(window);
        assertThat(breakGlass.get("validUntil").asString()).isEqualTo(halfAnHour.toString());
        assertThat(breakGlass.get("breakGlass").asBoolean()).isTrue();
        assertThat(log.toString()).contains(emergencyRead.header("DSH-Transaction-Id"));
        for (JsonNode entry : log) {
            if (entry.get("transactionId").asString().equals(emergencyRead.header("DSH-Transaction-Id"))) {
                assertThat(entry.get("purpose").asString()).isEqualTo("EMERGENCY");
                assertThat(entry.get("breakGlass").asBoolean()).isTrue();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> told = new ArrayList<>();
            readFromTheBeginning(List.of(Topics.PATIENT_NOTIFICATIONS), Duration.ofSeconds(20), record -> {
                if (p.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    told.add(JSON.readTree(record.value()));
                }
            });
            assertThat(told).anySatisfy(notice -> {
                assertThat(notice.get("kind").asString()).isEqualTo("BREAK_GLASS");
                assertThat(notice.get("actorId").asString()).isEqualTo(d);
                assertThat(notice.get("consentId").asString()).isEqualTo(window);
            });
        });

        // the auditor's queue holds it with the read under it; she reads the reason (a recorded read), and nothing
        // else of P's, and records her signed finding, which takes it off the queue
        JsonNode queued = findBreakGlass(auditor, "open", window);
        assertThat(queued.get("clinicianId").asString()).isEqualTo(d);
        assertThat(queued.get("emergencyReads").asLong()).isEqualTo(1);
        var readReason = auditor.get("/api/patients/" + p + "/records/" + window + "?purpose=OPERATIONS");
        assertThat(readReason.status()).as(readReason.toString()).isEqualTo(200);
        assertThat(new String(readReason.body(), StandardCharsets.UTF_8)).isEqualTo(reason);
        assertThat(auditor.get(recordPath + "?purpose=OPERATIONS").status()).isEqualTo(403);
        var reviewed = auditor.postJson(breakGlassPath + "/" + window + "/reviews", "{\"finding\":\"JUSTIFIED\"}");
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(201);
        assertThat(findBreakGlass(auditor, "reviewed", window).get("review").get("finding").asString())
                .isEqualTo("JUSTIFIED");
        assertThat(auditor.get("/api/break-glass").json().toString()).doesNotContain(window);
        // a review of something that is no break-glass of hers is refused, and so is anyone but an auditor's
        assertThat(auditor.postJson(breakGlassPath + "/" + added.json().get("recordId").asString() + "/reviews",
                "{\"finding\":\"JUSTIFIED\"}").status()).isEqualTo(404);
        assertThat(doctorD.postJson(breakGlassPath + "/" + window + "/reviews", "{\"finding\":\"JUSTIFIED\"}")
                .status()).isEqualTo(403);
        assertThat(patient.get("/api/break-glass").status()).isEqualTo(403);
        // P reads the reason too, as her own record
        assertThat(patient.get("/api/patients/" + p + "/records/" + window).body())
                .isEqualTo(reason.getBytes(StandardCharsets.UTF_8));

        // a window of seconds: once it has closed, E's reads under it are refused again
        Instant soon = Instant.now().plus(Duration.ofSeconds(4)).truncatedTo(ChronoUnit.SECONDS);
        var brief = doctorE.postJson(breakGlassPath, JSON.writeValueAsString(Map.of("reason", reason,
                "validUntil", soon.toString())));
        assertThat(brief.status()).as(brief.toString()).isEqualTo(201);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(soon));
        var late = doctorE.get(recordPath + "?purpose=ETREAT&consent=" + brief.json().get("consentId").asString());
        assertThat(late.status()).as(late.toString()).isEqualTo(403);
        assertThat(late.json().get("detail").asString()).contains("ended at " + soon);

        // P denies every clinician emergency reads: a new break-glass is refused, and so are reads under D's
        var deny = patient.postJson("/api/patients/" + p + "/consents", """
                {"grantee":"role:CLINICIAN","purpose":"ETREAT","decision":"deny","validUntil":"%s"}"""
                .formatted(Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(deny.status()).as(deny.toString()).isEqualTo(201);
        var denied = doctorE.postJson(breakGlassPath, JSON.writeValueAsString(Map.of("reason", reason,
                "validUntil", halfAnHour.toString())));
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.json().get("reason").asString()).isEqualTo("CONSENT_DENIED");
        assertThat(doctorD.get(recordPath + "?purpose=ETREAT&consent=" + window).status()).isEqualTo(403);

        // the reason, like the record, is on no topic in the clear (the transaction-service's tests look in its tables)
        assertNoPlaintextInKafka();
    }

    /**
     * Issue 13, erasure: the patient erases a record, signed by her; the vault destroys it and confirms; every later read
     * is 410, the chain still verifies, a rebuild of the vault by replay brings nothing of it back, the ledger's salted
     * commitment confirms no guess of it, and the erasure receipt verifies offline (and fails once it is tampered with).
     */
    @Test
    void aPatientErasesARecordAndTheVaultDestroysItForGoodWithAReceiptThatVerifiesOffline() throws Exception {
        Gateway patient = as(p, Role.PATIENT);
        Gateway doctorD = as(d, Role.CLINICIAN);
        Gateway otherPatient = as(q, Role.PATIENT);
        Gateway auditor = as("auditor-e-" + run, Role.AUDITOR);
        for (Gateway who : List.of(patient, doctorD, otherPatient, auditor)) {
            var registered = who.postJson("/api/identities", "{}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        var added = patient.postBytes("/api/patients/" + p + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordId = added.json().get("recordId").asString();
        String recordPath = "/api/patients/" + p + "/records/" + recordId;
        assertThat(patient.postJson("/api/patients/" + p + "/consents", """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(d, Instant.now()
                .plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS))).status()).isEqualTo(201);
        assertThat(doctorD.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(200);

        // an erasure not signed with her key, by her doctor, or of her record by another patient: refused, nothing
        // changed
        var wrongKey = new Gateway(stack.gatewayUrl(), stack.tokens().mint(p, Role.PATIENT),
                Gateway.User.fresh(p, Role.PATIENT)).delete(recordPath);
        assertThat(wrongKey.status()).as(wrongKey.toString()).isEqualTo(403);
        assertThat(wrongKey.json().get("reason").asString()).isEqualTo("USER_SIGNATURE_INVALID");
        assertThat(doctorD.delete(recordPath).status()).isEqualTo(403);
        assertThat(otherPatient.delete("/api/patients/" + q + "/records/" + recordId).status()).isEqualTo(404);
        assertThat(patient.get(recordPath).body()).isEqualTo(content);

        // she erases it: nobody reads it any more, and erasing it again is refused
        var erased = patient.delete(recordPath);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(201);
        String erasureId = erased.json().get("transactionId").asString();
        var gone = patient.get(recordPath);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
        assertThat(doctorD.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(410);
        assertThat(patient.delete(recordPath).status()).isEqualTo(410);

        // the erasure receipt: her erasure and the vault's confirmation, verified offline against the pinned genesis
        Path receipt = dataDir.resolve("erasure-" + run + ".json");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var answer = patient.get(recordPath + "/erasure");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("confirmations")).isNotEmpty();
            Files.write(receipt, answer.body());
        });
        var valid = dshVerify("erasure", receipt.toString(), "--genesis", genesisFile().toString(), "--min-signers",
                "2").expect(0);
        assertThat(valid.stdout()).contains("record " + recordId + " of patient " + p + " erased by transaction "
                + erasureId).contains("confirmed by vault-");
        Path tampered = dataDir.resolve("erasure-tampered-" + run + ".json");
        Files.writeString(tampered, Files.readString(receipt).replace(recordId, "someone-elses-record"));
        dshVerify("erasure", tampered.toString(), "--genesis", genesisFile().toString(), "--min-signers", "1")
                .expect(1);
        assertThat(otherPatient.get(recordPath + "/erasure").status()).isEqualTo(403);

        // her access log shows the erasure and the vault's confirmation
        String log = patient.get("/api/patients/" + p + "/access-log").json().toString();
        assertThat(log).contains("\"ERASED\"").contains("\"ERASURE_CONFIRMED\"");

        // the chain still verifies end to end
        assertThat(auditor.get("/api/ledger/verify").json().get("valid").asBoolean()).isTrue();

        // a rebuild of the vault by replay of its topics brings nothing of it back
        String admin = stack.tokens().mint("admin-e-" + run, Role.ADMIN);
        var rebuild = new Gateway(stack.gatewayUrl(), admin).send("POST", "/api/recovery/rebuilds",
                "application/json", "{\"service\":\"transaction-service\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(202);
        String rebuildPath = rebuild.header("Location");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                !"RUNNING".equals(new Gateway(stack.gatewayUrl(), admin).get(rebuildPath).json().get("state").asString()));
        var rebuilt = new Gateway(stack.gatewayUrl(), admin).get(rebuildPath).json();
        assertThat(rebuilt.get("state").asString()).as(rebuilt.toString()).isEqualTo("DONE");
        assertThat(patient.get(recordPath).status()).isEqualTo(410);
        try (Connection db = database(); var rows = db.prepareStatement(
                "SELECT count(*) FROM tx.records WHERE record_id = ?")) {
            rows.setString(1, recordId);
            try (var count = rows.executeQuery()) {
                count.next();
                assertThat(count.getLong(1)).as("the vault's row of the erased record").isZero();
            }
        }
        // and the ledger's commitment to it is salted: the hash of the content, a guess, is nowhere on the ledger
        String guess = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        try (Connection db = database(); var rows = db.prepareStatement(
                "SELECT count(*) FROM ledger.ledger_tx WHERE position(? IN convert_from(canonical_json, 'UTF8')) > 0")) {
            rows.setString(1, guess);
            try (var count = rows.executeQuery()) {
                count.next();
                assertThat(count.getLong(1)).isZero();
            }
        }
    }

    /** The register's entry for the break-glass, listed under {@code status}. */
    private static JsonNode findBreakGlass(Gateway auditor, String status, String window) {
        var listed = auditor.get("/api/break-glass?status=" + status);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        for (JsonNode entry : listed.json().get("breakGlasses")) {
            if (entry.get("consentId").asString().equals(window)) {
                return entry;
            }
        }
        throw new AssertionError("break-glass " + window + " is not listed as " + status + ": " + listed);
    }

    /**
     * Issue 12: a patient who holds her own key signs her consents with the dsh client; a consent made for her with
     * the initiator key alone (what the operator could forge) is rejected, and hers verifies offline as hers.
     */
    @Test
    void aPatientSignsHerConsentsWithDshAndAConsentSheDidNotSignIsRefused() throws Exception {
        String alice = "patient-a-" + run;
        String bob = "doctor-b-" + run;
        String aliceToken = stack.tokens().mint(alice, Role.PATIENT);
        String bobToken = stack.tokens().mint(bob, Role.CLINICIAN);
        Gateway patient = new Gateway(stack.gatewayUrl(), aliceToken);
        Gateway doctor = new Gateway(stack.gatewayUrl(), bobToken);
        Gateway auditor = as("auditor-a-" + run, Role.AUDITOR);
        Path key = dataDir.resolve("alice-" + run + ".pem");
        String[] asAlice = {"--gateway", stack.gatewayUrl(), "--token", aliceToken, "--key-file", key.toString()};
        String[] asBob = {"--gateway", stack.gatewayUrl(), "--token", bobToken, "--key-file",
                dataDir.resolve("bob-" + run + ".pem").toString()};

        // Alice and Bob each make a key and register with it (and the proof of holding it); the auditor registers
        String shown = dsh(asAlice, "key", "new").expect(0).stdout();
        dsh(asAlice, "register", "--actor", alice, "--role", "PATIENT").expect(0);
        dsh(asBob, "key", "new").expect(0);
        dsh(asBob, "register", "--actor", bob, "--role", "CLINICIAN").expect(0);
        assertThat(auditor.postJson("/api/identities", "{}").status()).isEqualTo(201);
        var added = patient.postBytes("/api/patients/" + alice + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordPath = "/api/patients/" + alice + "/records/" + added.json().get("recordId").asString();

        // a consent for Bob that only the initiator signed, as the operator could make one: rejected, Bob still refused
        var forged = patient.postJson("/api/patients/" + alice + "/consents", """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(bob,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.json().get("reason").asString()).isEqualTo("USER_SIGNATURE_INVALID");
        assertThat(doctor.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // without consent nobody learns who is a patient here: Bob is refused alike for Alice and for an id nobody
        // registered, and so is a clinician who never registered
        String nobodysPath = "/api/patients/nobody-" + run + "/records/" + added.json().get("recordId").asString();
        Gateway unregistered = as("doctor-u-" + run, Role.CLINICIAN);
        for (Gateway reader : List.of(doctor, unregistered)) {
            var ofAlice = reader.get(recordPath + "?purpose=TREATMENT");
            var ofNobody = reader.get(nobodysPath + "?purpose=TREATMENT");
            assertThat(ofNobody.status()).as(ofNobody.toString()).isEqualTo(ofAlice.status()).isEqualTo(403);
            assertThat(ofNobody.json().get("reason").asString()).isEqualTo(ofAlice.json().get("reason").asString());
        }

        // the consent Alice signs with dsh: committed, and Bob reads and writes, each signed with his key; a read
        // without his signature, as the operator could send in his name, is refused
        String consentId = "consent-" + run;
        JsonNode grant = JSON.readTree(dsh(asAlice, "consent", "grant", "--patient", alice, "--grantee", bob,
                "--purpose", "TREATMENT", "--action", "read,write", "--until", Instant.now().plus(Duration.ofDays(1))
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "--id", consentId).expect(0).stdout());
        assertThat(grant.get("status").asString()).isEqualTo("COMMITTED");
        var unsigned = doctor.get(recordPath + "?purpose=TREATMENT");
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(403);
        assertThat(unsigned.json().get("reason").asString()).isEqualTo("USER_SIGNATURE_INVALID");
        String recordId = added.json().get("recordId").asString();
        Path readCopy = dataDir.resolve("read-" + run + ".json");
        JsonNode signedRead = JSON.readTree(dsh(asBob, "record", "read", "--patient", alice, "--actor", bob, "--record",
                recordId, "--out", readCopy.toString(), "--consent", consentId).expect(0).stdout());
        assertThat(Files.readAllBytes(readCopy)).isEqualTo(content);
        assertThat(signedRead.get("DSH-Receipt").asString()).isNotBlank();
        Path note = Files.write(dataDir.resolve("note-" + run + ".json"), content);
        JsonNode written = JSON.readTree(dsh(asBob, "record", "add", "--patient", alice, "--actor", bob, "--file",
                note.toString(), "--type", "application/fhir+json", "--resource-type", "Observation").expect(0).stdout());
        assertThat(written.get("status").asString()).isEqualTo("COMMITTED");

        // offline, with nothing but her public key: the consent in the ledger is hers
        var granted = auditor.get("/api/ledger/transactions/" + grant.get("transactionId").asString());
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        int shard = granted.json().get("shard").asInt();
        long height = granted.json().get("height").asLong();
        Path bundle = export(auditor, shard, height, height, "consent-" + run + ".json");
        Path consentTx = dataDir.resolve("consent-tx-" + run + ".json");
        for (JsonNode block : JSON.readTree(Files.readAllBytes(bundle)).get("blocks")) {
            for (JsonNode tx : block.get("transactions")) {
                if (tx.get("canonical").asString().contains(consentId)) {
                    Files.writeString(consentTx, tx.get("canonical").asString());
                }
            }
        }
        Path alicePem = Files.writeString(dataDir.resolve("alice-" + run + ".pub.pem"),
                shown.substring(0, shown.indexOf("-----END PUBLIC KEY-----")) + "-----END PUBLIC KEY-----\n");
        assertThat(dshVerify("consent", consentTx.toString(), "--public-key", alicePem.toString()).expect(0).stdout())
                .contains("CONSENT_GRANTED of consent " + consentId, "signed by " + alice);

        // Alice revokes with dsh; Bob's signed read is refused again
        dsh(asAlice, "consent", "revoke", "--patient", alice, "--consent", consentId).expect(0);
        assertThat(dsh(asBob, "record", "read", "--patient", alice, "--actor", bob, "--record", recordId, "--out",
                dataDir.resolve("refused-" + run + ".json").toString()).expect(1).stderr()).contains("CONSENT_DENIED");

        // she rotates her key, signing the change with the old one; from then on the old key signs nothing for her
        String until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        Path second = dataDir.resolve("alice-" + run + "-2.pem");
        String[] withSecond = {"--gateway", stack.gatewayUrl(), "--token", aliceToken, "--key-file", second.toString()};
        JsonNode rotated = JSON.readTree(dsh(asAlice, "key", "rotate", "--actor", alice, "--role", "PATIENT",
                "--new-key-file", second.toString()).expect(0).stdout());
        assertThat(rotated.get("status").asString()).isEqualTo("COMMITTED");
        assertThat(dsh(asAlice, "consent", "grant", "--patient", alice, "--grantee", bob, "--purpose", "TREAT",
                "--until", until).expect(1).stderr()).contains("USER_SIGNATURE_INVALID");
        dsh(withSecond, "consent", "grant", "--patient", alice, "--grantee", bob, "--purpose", "TREAT", "--until",
                until).expect(0);

        // she loses it: an administrator recovers her identity onto a third key she proves she holds, and her access
        // log tells her; the lost key signs nothing any more
        Path third = dataDir.resolve("alice-" + run + "-3.pem");
        String[] withThird = {"--gateway", stack.gatewayUrl(), "--token", aliceToken, "--key-file", third.toString()};
        dsh(withThird, "key", "new").expect(0);
        String proof = dsh(withThird, "key", "proof", "--actor", alice, "--role", "PATIENT").expect(0).stdout();
        JsonNode held = JSON.readTree(proof);
        Gateway admin = as("admin-" + run, Role.ADMIN);
        assertThat(doctor.postJson("/api/identities/" + alice + "/key-recovery", proof).status())
                .as("only an administrator recovers a key").isEqualTo(403);
        var recovered = admin.postJson("/api/identities/" + alice + "/key-recovery", """
                {"publicKey":"%s","keyProof":"%s","recovery":"LOST"}""".formatted(held.get("publicKey").asString(),
                held.get("keyProof").asString()));
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(201);
        dsh(withSecond, "consent", "grant", "--patient", alice, "--grantee", bob, "--purpose", "TREAT", "--until",
                until).expect(1);
        dsh(withThird, "consent", "grant", "--patient", alice, "--grantee", bob, "--purpose", "TREAT", "--until",
                until).expect(0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(patient.get("/api/patients/" + alice + "/access-log").json().get("entries").toString())
                        .contains("KEY_RECOVERED", "admin-" + run));
    }

    private Path export(Gateway auditor, int shard, long from, long to, String file) throws Exception {
        var exported = auditor.get("/api/ledger/export?shard=" + shard + "&fromHeight=" + from + "&toHeight=" + to);
        assertThat(exported.status()).as(exported.toString()).isEqualTo(200);
        Path path = dataDir.resolve(file);
        Files.write(path, exported.body());
        return path;
    }

    private record Verdict(int exitCode, String stdout, String stderr) {
        Verdict expect(int code) {
            assertThat(exitCode).as("exit code; stdout: %s; stderr: %s", stdout, stderr).isEqualTo(code);
            return this;
        }
    }

    /** Runs {@code java -jar verifier-cli/target/dsh-verify.jar} as an auditor would, on this test's JDK. */
    private static Verdict dshVerify(String... arguments) throws Exception {
        return runJar(Path.of("verifier-cli", "target", "dsh-verify.jar"), List.of(arguments));
    }

    /** Runs {@code java -jar client-cli/target/dsh.jar} as a patient would, on this test's JDK. */
    private static Verdict dsh(String[] options, String... arguments) throws Exception {
        var all = new ArrayList<>(List.of(options));
        all.addAll(List.of(arguments));
        return runJar(Path.of("client-cli", "target", "dsh.jar"), all);
    }

    private static Verdict runJar(Path jar, List<String> arguments) throws Exception {
        assertThat(jar).as(jar.getFileName() + " is built before the system tests run").isRegularFile();
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        var stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(jar.getFileName() + " finished").isTrue();
        return new Verdict(process.exitValue(), stdout.get(), stderr.get());
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertNoPlaintextInKafka() {
        String marker = "SYNTHETIC-" + run;
        int[] scanned = {0};
        readFromTheBeginning(Topics.all(), Duration.ofSeconds(30), record -> {
            scanned[0]++;
            assertThat(new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8))
                    .doesNotContain(marker);
        });
        assertThat(scanned[0]).as("records scanned").isGreaterThan(10);
    }

    private static void assertNoServiceWasRefusedByKafka() throws Exception {
        try (var logs = Files.list(stack.dataDir().resolve("logs"))) {
            List<Path> serviceLogs = logs.filter(log -> log.getFileName().toString().endsWith("-service.log")
                    || log.getFileName().toString().matches("ledger-service-\\d+\\.log")).toList();
            assertThat(serviceLogs).as("service logs").hasSizeGreaterThanOrEqualTo(6);
            for (Path log : serviceLogs) {
                assertThat(Files.readString(log)).as(log.toString())
                        .doesNotContain("AuthorizationException").doesNotContain("authorization failed")
                        .doesNotContain("SaslAuthenticationException");
            }
        }
    }

    private void assertNoPlaintextInDatabase() throws Exception {
        String marker = "SYNTHETIC-" + run;
        try (Connection db = database();
             var columns = db.createStatement().executeQuery("""
                     SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
                     WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
                       AND data_type IN ('text', 'character varying', 'bytea', 'json', 'jsonb')""")) {
            int checked = 0;
            while (columns.next()) {
                String column = "\"%s\".\"%s\".\"%s\"".formatted(columns.getString(1), columns.getString(2), columns.getString(3));
                String asText = columns.getString(4).equals("bytea")
                        ? "encode(" + quoteColumn(columns) + ", 'escape')" : quoteColumn(columns) + "::text";
                try (var hit = db.createStatement().executeQuery("SELECT count(*) FROM \"%s\".\"%s\" WHERE %s LIKE '%%%s%%'"
                        .formatted(columns.getString(1), columns.getString(2), asText, marker))) {
                    hit.next();
                    assertThat(hit.getLong(1)).as("rows of %s holding the plaintext", column).isZero();
                }
                checked++;
            }
            assertThat(checked).as("columns scanned").isGreaterThan(10);
        }
    }

    private static String quoteColumn(java.sql.ResultSet columns) throws java.sql.SQLException {
        return "\"" + columns.getString(3) + "\"";
    }


    /** One request of the consent table, and what the consent rules must answer it (docs/consent-rules.md). */
    private record Row(String name, String actor, boolean write, String purpose, String target, String consent,
                       int status, String basis) {
    }

    /**
     * Zero cross-patient leaks: every endpoint of every service, through the gateway and called directly, asked about
     * patient A by another patient, by a clinician she gave no consent and by one who never registered, refuses alike
     * for her and for a patient nobody registered, and answers nothing of hers.
     */
    @Test
    void noEndpointTellsAnotherPatientOrAClinicianWithoutConsentWhetherAPatientExistsOrAnythingOfHers() throws Exception {
        String alice = "alice-x-" + run;
        String herDoctor = "dr-of-alice-" + run;
        String marker = "marker-of-alice-" + run;
        Gateway patient = as(alice, Role.PATIENT);
        assertThat(patient.postJson("/api/identities", "{}").status()).isEqualTo(201);
        assertThat(as(herDoctor, Role.CLINICIAN).postJson("/api/identities", "{}").status()).isEqualTo(201);
        var added = patient.postBytes("/api/patients/" + alice + "/records?resourceType=Observation", "text/plain",
                marker.getBytes(StandardCharsets.UTF_8));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        var granted = patient.postJson("/api/patients/" + alice + "/consents", """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(herDoctor, until));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        String grantTx = granted.json().get("transactionId").asString();
        JsonNode grantedTx = patient.get("/api/transactions/" + grantTx).json();
        var a = new CrossPatientProbes.Subject(alice, added.json().get("recordId").asString(),
                granted.json().get("consentId").asString(), grantTx, grantedTx.get("txHash").asString(),
                grantedTx.get("shard").asInt(), grantedTx.get("blockHeight").asLong());
        var nobody = new CrossPatientProbes.Subject("nobody-x-" + run, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                HexFormat.of().formatHex(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.UTF_8), 0, 32),
                a.shard(), a.height());

        String otherPatient = "patient-b-x-" + run;
        String clinician = "dr-c-x-" + run;
        assertThat(as(otherPatient, Role.PATIENT).postJson("/api/identities", "{}").status()).isEqualTo(201);
        assertThat(as(clinician, Role.CLINICIAN).postJson("/api/identities", "{}").status()).isEqualTo(201);
        var callers = new java.util.LinkedHashMap<String, java.util.function.Function<Service, Gateway>>();
        for (var caller : List.of(Map.entry(otherPatient, Role.PATIENT), Map.entry(clinician, Role.CLINICIAN),
                Map.entry("dr-unregistered-x-" + run, Role.CLINICIAN))) {
            String token = stack.tokens().mint(caller.getKey(), caller.getValue());
            callers.put(caller.getKey(), way -> new Gateway(way == Service.GATEWAY ? stack.gatewayUrl() : stack.url(way),
                    token));
        }

        var probes = CrossPatientProbes.everyEndpoint(clinician, until);
        var pairs = CrossPatientProbes.ask(callers, probes, a, nobody);

        var open = CrossPatientProbes.openToAnyToken();
        var answers = CrossPatientProbes.ask(callers, open, a, null);

        var softly = new org.assertj.core.api.SoftAssertions();
        for (var pair : pairs) {
            softly.check(() -> CrossPatientProbes.assertRefusedAlike(pair, List.of(marker, herDoctor)));
        }
        for (var answer : answers) {
            softly.check(() -> CrossPatientProbes.assertAnsweredWithNothingOf(answer,
                    List.of(alice, marker, herDoctor, a.record(), a.consent(), a.tx())));
        }
        softly.assertAll();
        assertThat(pairs).as("every probe, by three callers, through the gateway and directly")
                .hasSize(3 * probes.stream().mapToInt(probe -> probe.routed() ? 2 : 1).sum());
        assertThat(answers).hasSize(3 * 2 * open.size());
        // and nothing changed: her consent stands, her record is hers alone
        var consents = patient.get("/api/patients/" + alice + "/consents").json().get("consents");
        assertThat(consents).hasSize(1);
        assertThat(consents.get(0).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(patient.get("/api/patients/" + alice + "/records/" + a.record()).body())
                .isEqualTo(marker.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Issue 12's table, through the gateway on the three-node devstack: one patient's consents (by id, role and
     * organization; permit and deny; nested exceptions; expired, not yet valid, revoked; read and write; named) and 44
     * reads and writes by clinicians, each answered as the consent rules say, a refusal naming its basis.
     */
    @Test
    void theConsentRulesDecideEveryReadAndWriteOfATableThroughTheGateway() throws Exception {
        String alice = "alice-" + run;
        String stMarys = "st-marys-" + run;
        String acme = "acme-insurance-" + run;
        Gateway patient = as(alice, Role.PATIENT);
        Gateway admin = as("admin-" + run, Role.ADMIN);
        assertThat(patient.postJson("/api/identities", "{}").status()).isEqualTo(201);
        var clinicians = new java.util.HashMap<String, Gateway>();
        for (String name : List.of("dr-gp", "dr-er", "dr-x", "dr-new", "dr-old", "res", "lab", "stranger", "proxy")) {
            clinicians.put(name, as(name + "-" + run, Role.CLINICIAN));
            var registered = clinicians.get(name).postJson("/api/identities", "{}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        for (var member : List.of(List.of("dr-psy", stMarys), List.of("nurse", stMarys), List.of("ins", acme))) {
            clinicians.put(member.get(0), as(member.get(0) + "-" + run, Role.CLINICIAN));
            // an administrator registers him for his organization, with the key he holds and his proof of it
            var registered = admin.postJson("/api/identities", clinicians.get(member.get(0)).registration(
                    "\"actorId\":\"%s-%s\",\"role\":\"CLINICIAN\",\"organization\":\"%s\"".formatted(member.get(0),
                            run, member.get(1))));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        var selfClaimed = clinicians.get("stranger").postJson("/api/identities", """
                {"organization":"%s"}""".formatted(stMarys));
        assertThat(selfClaimed.status()).as("nobody claims an organization for himself").isEqualTo(400);

        var records = new java.util.HashMap<String, String>();
        for (var record : List.of(List.of("r-obs", "resourceType=Observation"),
                List.of("r-psy", "resourceType=Condition&securityLabels=PSY"),
                List.of("r-hiv", "resourceType=Observation&securityLabels=HIV"),
                List.of("r-img", "resourceType=ImagingStudy"), List.of("r-claim", "resourceType=Claim"),
                List.of("r-note", "resourceType=DocumentReference&securityLabels=PSY"), List.of("r-untyped", ""))) {
            var added = patient.postBytes("/api/patients/" + alice + "/records?" + record.get(1),
                    "application/fhir+json", content);
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            records.put(record.get(0), added.json().get("recordId").asString());
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String day = now.plus(Duration.ofDays(1)).toString();
        String consents = "/api/patients/" + alice + "/consents";
        java.util.function.BiFunction<String, Map<String, String>, Gateway.Reply> ask = (id, terms) -> {
            var body = new java.util.HashMap<>(terms);
            body.putIfAbsent("validUntil", day);
            if (id != null) {
                body.put("consentId", id + "-" + run);
            }
            return patient.postJson(consents, JSON.writeValueAsString(body));
        };
        java.util.function.BiConsumer<String, Map<String, String>> grant = (id, terms) -> {
            var granted = ask.apply(id, terms);
            assertThat(granted.status()).as(id + ": " + granted).isEqualTo(201);
        };
        grant.accept("c-gp", Map.of("grantee", "dr-gp-" + run, "action", "read,write", "purpose", "TREAT",
                "exceptions", "[{\"securityLabels\":\"PSY\"}]"));
        grant.accept("c-psy", Map.of("grantee", "dr-psy-" + run, "purpose", "TREATMENT", "securityLabels", "PSY"));
        grant.accept("c-org", Map.of("grantee", "org:" + stMarys, "purpose", "TREATMENT",
                "resourceType", "Observation,ImagingStudy"));
        grant.accept("c-er", Map.of("grantee", "role:CLINICIAN", "purpose", "ETREAT", "exceptions",
                "[{\"decision\":\"deny\",\"securityLabels\":\"HIV,PSY\",\"exceptions\":[{\"recordIds\":\""
                        + records.get("r-psy") + "\"}]}]"));
        grant.accept("c-research", Map.of("grantee", "res-" + run, "purpose", "HRESCH", "resourceType", "Observation"));
        grant.accept("c-old", Map.of("grantee", "dr-old-" + run, "purpose", "TREATMENT",
                "validFrom", now.minus(Duration.ofDays(2)).toString(), "validUntil", now.minus(Duration.ofDays(1)).toString()));
        grant.accept("c-future", Map.of("grantee", "dr-new-" + run, "purpose", "TREATMENT", "validFrom", day,
                "validUntil", now.plus(Duration.ofDays(2)).toString()));
        grant.accept("c-revoked", Map.of("grantee", "nurse-" + run, "purpose", "TREATMENT"));
        assertThat(patient.delete(consents + "/c-revoked-" + run).status()).isEqualTo(201);
        grant.accept("c-block", Map.of("decision", "deny", "grantee", "dr-x-" + run, "action", "read,write",
                "purpose", "TREATMENT,EMERGENCY"));
        grant.accept("c-optout", Map.of("decision", "deny", "grantee", "org:" + acme, "purpose", "PAYMENT",
                "exceptions", "[{\"resourceType\":\"Claim\"}]"));
        grant.accept("c-write", Map.of("grantee", "lab-" + run, "action", "write", "purpose", "TREATMENT",
                "resourceType", "Observation"));
        var unknownType = ask.apply(null, Map.of("grantee", "dr-gp-" + run, "purpose", "TREATMENT",
                "resourceType", "Horoscope"));
        assertThat(unknownType.status()).as("an unknown resource type: " + unknownType).isEqualTo(400);
        var contradicting = ask.apply(null, Map.of("grantee", "dr-gp-" + run, "purpose", "TREATMENT",
                "exceptions", "[{\"decision\":\"permit\"}]"));
        assertThat(contradicting.status()).as("an exception that agrees with its parent: " + contradicting)
                .isBetween(400, 499);
        assertThat(contradicting.toString()).contains("exceptions[0].decision");

        // she lists them as committed, each as it stands now, and exports them as FHIR R4 Consent resources
        var listed = patient.get(consents);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        var statuses = new java.util.HashMap<String, String>();
        listed.json().get("consents").forEach(consent -> statuses.put(consent.get("consentId").asString(),
                consent.get("status").asString()));
        assertThat(statuses).hasSize(11).containsEntry("c-gp-" + run, "ACTIVE").containsEntry("c-old-" + run, "EXPIRED")
                .containsEntry("c-future-" + run, "NOT_YET_VALID").containsEntry("c-revoked-" + run, "REVOKED");
        var fhir = patient.getAccepting(consents + "/c-er-" + run, "application/fhir+json");
        assertThat(fhir.status()).as(fhir.toString()).isEqualTo(200);
        assertThat(fhir.json().get("resourceType").asString()).isEqualTo("Consent");
        assertThat(fhir.json().get("provision").get("provision").get(0).get("provision").get(0).get("type").asString())
                .as("the exception to the exception").isEqualTo("permit");
        assertThat(clinicians.get("dr-gp").get(consents).status()).as("only she lists her consents").isEqualTo(403);

        List<Row> table = List.of(
                new Row("GP reads an observation", "dr-gp", false, "TREATMENT", "r-obs", null, 200, "PERMITTED"),
                new Row("GP reads imaging", "dr-gp", false, "TREAT", "r-img", null, 200, "PERMITTED"),
                new Row("GP reads an untyped record", "dr-gp", false, "TREATMENT", "r-untyped", null, 200, "PERMITTED"),
                new Row("GP reads an HIV record", "dr-gp", false, "TREATMENT", "r-hiv", null, 200, "PERMITTED"),
                new Row("nurse reads imaging by organization", "nurse", false, "TREATMENT", "r-img", null, 200, "PERMITTED"),
                new Row("a revoked consent hides no other", "nurse", false, "TREATMENT", "r-obs", null, 200, "PERMITTED"),
                new Row("psychiatrist reads a PSY record", "dr-psy", false, "TREATMENT", "r-psy", null, 200, "PERMITTED"),
                new Row("psychiatrist reads an observation", "dr-psy", false, "TREATMENT", "r-obs", null, 200, "PERMITTED"),
                new Row("organization covers an HIV observation", "dr-psy", false, "TREATMENT", "r-hiv", null, 200, "PERMITTED"),
                new Row("any clinician in an emergency", "stranger", false, "EMERGENCY", "r-obs", null, 200, "PERMITTED"),
                new Row("ER doctor in an emergency", "dr-er", false, "ETREAT", "r-obs", null, 200, "PERMITTED"),
                new Row("imaging in an emergency", "dr-psy", false, "EMERGENCY", "r-img", null, 200, "PERMITTED"),
                new Row("exception keeps PSY from the GP", "dr-gp", false, "TREATMENT", "r-psy", null, 403, "DENIED_BY_EXCEPTION"),
                new Row("exception keeps PSY notes from the GP", "dr-gp", false, "TREATMENT", "r-note", null, 403, "DENIED_BY_EXCEPTION"),
                new Row("emergency exception denies HIV", "dr-er", false, "EMERGENCY", "r-hiv", null, 403, "DENIED_BY_EXCEPTION"),
                new Row("emergency exception denies PSY notes", "dr-er", false, "EMERGENCY", "r-note", null, 403, "DENIED_BY_EXCEPTION"),
                new Row("exception to the exception permits", "dr-er", false, "EMERGENCY", "r-psy", null, 200, "PERMITTED"),
                new Row("deny consent overrides emergency", "dr-x", false, "EMERGENCY", "r-obs", null, 403, "DENIED_BY_CONSENT"),
                new Row("deny consent only for its purposes", "dr-x", false, "RESEARCH", "r-obs", null, 403, "PURPOSE_NOT_GRANTED"),
                new Row("opt-out denies the insurer", "ins", false, "PAYMENT", "r-obs", null, 403, "DENIED_BY_CONSENT"),
                new Row("opt-out exception permits claims", "ins", false, "HPAYMT", "r-claim", null, 200, "PERMITTED_BY_EXCEPTION"),
                new Row("opt-out leaves emergencies alone", "ins", false, "EMERGENCY", "r-obs", null, 200, "PERMITTED"),
                new Row("expired consent", "dr-old", false, "TREATMENT", "r-obs", null, 403, "EXPIRED"),
                new Row("consent not yet valid", "dr-new", false, "TREATMENT", "r-obs", null, 403, "NOT_YET_VALID"),
                new Row("own consent revoked", "nurse", false, "TREATMENT", "r-psy", null, 403, "REVOKED"),
                new Row("GP for research: wrong purpose", "dr-gp", false, "RESEARCH", "r-obs", null, 403, "PURPOSE_NOT_GRANTED"),
                new Row("researcher reads an observation", "res", false, "RESEARCH", "r-obs", null, 200, "PERMITTED"),
                new Row("researcher reads imaging: wrong type", "res", false, "RESEARCH", "r-img", null, 403, "RECORD_NOT_COVERED"),
                new Row("researcher reads an untyped record", "res", false, "HRESCH", "r-untyped", null, 403, "RECORD_NOT_COVERED"),
                new Row("psychiatrist reads a claim", "dr-psy", false, "TREATMENT", "r-claim", null, 403, "RECORD_NOT_COVERED"),
                new Row("ER doctor for treatment: wrong purpose", "dr-er", false, "TREATMENT", "r-obs", null, 403, "PURPOSE_NOT_GRANTED"),
                new Row("stranger for treatment", "stranger", false, "TREATMENT", "r-obs", null, 403, "PURPOSE_NOT_GRANTED"),
                new Row("GP adds an observation", "dr-gp", true, "TREATMENT", "resourceType=Observation", null, 201, "PERMITTED"),
                new Row("lab adds an observation", "lab", true, "TREATMENT", "resourceType=Observation", null, 201, "PERMITTED"),
                new Row("lab adds a report: wrong type", "lab", true, "TREATMENT", "resourceType=DiagnosticReport", null, 403, "RECORD_NOT_COVERED"),
                new Row("lab may write, not read", "lab", false, "TREATMENT", "r-obs", null, 403, "ACTION_NOT_GRANTED"),
                new Row("psychiatrist may read, not write", "dr-psy", true, "TREATMENT", "resourceType=Condition&securityLabels=PSY", null, 403, "ACTION_NOT_GRANTED"),
                new Row("emergency permits no write", "stranger", true, "EMERGENCY", "resourceType=Observation", null, 403, "ACTION_NOT_GRANTED"),
                new Row("GP may not add a PSY record", "dr-gp", true, "TREATMENT", "resourceType=Condition&securityLabels=PSY", null, 403, "DENIED_BY_EXCEPTION"),
                new Row("deny consent blocks writes", "dr-x", true, "TREATMENT", "resourceType=Observation", null, 403, "DENIED_BY_CONSENT"),
                new Row("named consent decides", "dr-psy", false, "TREATMENT", "r-img", "c-org", 200, "PERMITTED"),
                new Row("named consent must permit", "dr-psy", false, "TREATMENT", "r-psy", "c-org", 403, "RECORD_NOT_COVERED"),
                new Row("named consent revoked", "nurse", false, "TREATMENT", "r-obs", "c-revoked", 403, "REVOKED"),
                new Row("named consent of someone else", "dr-gp", false, "TREATMENT", "r-obs", "c-psy", 403, "NO_CONSENT"));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var answers = new ArrayList<CompletableFuture<Gateway.Reply>>();
            for (Row row : table) {
                Gateway who = clinicians.get(row.actor());
                String consent = row.consent() == null ? "" : "&consent=" + row.consent() + "-" + run;
                answers.add(CompletableFuture.supplyAsync(() -> row.write()
                        ? who.postBytes("/api/patients/" + alice + "/records?purpose=" + row.purpose() + "&"
                                + row.target() + consent, "application/fhir+json", content)
                        : who.get("/api/patients/" + alice + "/records/" + records.get(row.target()) + "?purpose="
                                + row.purpose() + consent), pool));
            }
            var softly = new org.assertj.core.api.SoftAssertions();
            for (int i = 0; i < table.size(); i++) {
                Row row = table.get(i);
                Gateway.Reply reply = answers.get(i).get(3, TimeUnit.MINUTES);
                softly.assertThat(reply.status()).as(row.name() + ": " + reply).isEqualTo(row.status());
                if (row.status() == 403) {
                    softly.assertThat(reply.json().get("reason").asString()).as(row.name()).isEqualTo("CONSENT_DENIED");
                    softly.assertThat(reply.json().get("detail").asString()).as(row.name())
                            .contains("consent rules 1, " + row.basis() + ")");
                }
            }
            softly.assertAll();
            assertThat(table).hasSizeGreaterThanOrEqualTo(40);

            // her access log shows the writes too, and names the consent a read relied on and the rules it was judged by
            String namedRead = answers.get(table.indexOf(table.stream()
                    .filter(row -> row.name().equals("named consent decides")).findFirst().orElseThrow()))
                    .get().header("DSH-Transaction-Id");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode entries = patient.get("/api/patients/" + alice + "/access-log").json().get("entries");
                var byId = new java.util.HashMap<String, JsonNode>();
                entries.forEach(entry -> byId.put(entry.get("transactionId").asString(), entry));
                assertThat(byId.get(namedRead)).isNotNull();
                assertThat(byId.get(namedRead).get("consentId").asString()).isEqualTo("c-org-" + run);
                assertThat(byId.get(namedRead).get("consentRules").asString()).isEqualTo("1");
                assertThat(entries.valueStream().filter(entry -> entry.get("outcome").asString().equals("WRITTEN"))
                        .count()).as("the two writes the table permitted").isEqualTo(2);
                assertThat(entries.valueStream().filter(entry -> entry.get("outcome").asString().equals("WRITE_DENIED"))
                        .count()).as("the writes it refused")
                        .isEqualTo(table.stream().filter(row -> row.write() && row.status() == 403).count());
            });
        } finally {
            pool.shutdownNow();
        }

        // a clinician she makes her delegate grants and revokes for her; one she did not is refused alike for her and
        // for a patient nobody registered, and a delegate cannot make another
        grant.accept("c-proxy", Map.of("grantee", "proxy-" + run, "action", "manage", "purpose", "TREATMENT"));
        Gateway proxy = clinicians.get("proxy");
        String stranger = "stranger-" + run;
        String forStranger = """
                {"consentId":"c-by-proxy-%s","grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(
                run, stranger, day);
        for (String where : List.of(consents, "/api/patients/nobody-" + run + "/consents")) {
            var refused = clinicians.get("dr-x").postJson(where, forStranger);
            assertThat(refused.status()).as(where + ": " + refused).isEqualTo(403);
            assertThat(refused.json().get("reason").asString()).isEqualTo("ROLE_NOT_ALLOWED");
        }
        var byProxy = proxy.postJson(consents, forStranger);
        assertThat(byProxy.status()).as(byProxy.toString()).isEqualTo(201);
        String strangersRead = "/api/patients/" + alice + "/records/" + records.get("r-obs") + "?purpose=TREATMENT";
        assertThat(clinicians.get("stranger").get(strangersRead).status()).isEqualTo(200);
        var anotherDelegate = proxy.postJson(consents, """
                {"grantee":"%s","action":"manage","purpose":"TREATMENT","validUntil":"%s"}""".formatted(stranger, day));
        assertThat(anotherDelegate.status()).as(anotherDelegate.toString()).isEqualTo(403);
        assertThat(anotherDelegate.json().get("detail").asString()).contains("cannot pass that on");
        assertThat(proxy.delete(consents + "/c-by-proxy-" + run).status()).isEqualTo(201);
        var revokedByProxy = clinicians.get("stranger").get(strangersRead);
        assertThat(revokedByProxy.status()).isEqualTo(403);
        assertThat(revokedByProxy.json().get("detail").asString()).contains("REVOKED");
        assertThat(proxy.get(consents).status()).as("a delegate manages her consents; she alone lists them")
                .isEqualTo(403);
    }
}
