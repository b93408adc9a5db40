package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import health.datasafe.transaction.vault.Vault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RecordAccessIntegrationTest extends TransactionServiceTestBase {

    @Autowired
    private Vault vault;

    private static final byte[] FHIR = """
            {"resourceType":"Observation","status":"final","code":{"text":"Blutzucker – nüchtern"},"valueQuantity":{"value":5.4}}"""
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void patientAddsARecordAndReadsBackTheExactBytesAfterTheReadIsCommitted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "application/fhir+json", FHIR);

        var response = get("/api/patients/" + patient + "/records/" + recordId, token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FHIR);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        assertServedInert(response, recordId + ".json");
        String readTx = response.headers().firstValue("DSH-Transaction-Id").orElseThrow();
        var status = jsonOf(send("GET", "/api/transactions/" + readTx, token, null, null));
        assertThat(status.get("status").asString()).isEqualTo("COMMITTED");
        assertThat(response.headers().firstValue("DSH-Tx-Hash")).hasValue(status.get("txHash").asString());
        assertThat(response.headers().firstValue("DSH-Block-Height")).hasValue(status.get("blockHeight").asString());
        assertThat(response.headers().firstValue("DSH-Shard")).hasValue(status.get("shard").asString());

        Transaction added = published(tx -> tx.type() == TransactionType.RECORD_ADDED && recordId.equals(tx.meta(Metadata.RECORD_ID)));
        Transaction read = published(tx -> tx.id().equals(readTx));
        assertThat(added.metadata()).isEqualTo(Map.of(Metadata.RECORD_ID, recordId, Metadata.CONTENT_TYPE, "application/fhir+json"));
        assertThat(read.type()).isEqualTo(TransactionType.RECORD_ACCESSED);
        assertThat(read.metadata()).isEqualTo(Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, "PATIENT_REQUEST"));
        assertThat(read.payloadHash()).isEqualTo(added.payloadHash())
                .isEqualTo(jdbc.sql("SELECT commitment FROM records WHERE record_id = :r").param("r", recordId)
                        .query(String.class).single());
    }

    @Test
    void committedReadCarriesAReceiptThatVerifiesOfflineAgainstTheLedgerKeyAndMatchesTheOtherHeaders() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "application/fhir+json", FHIR);

        var response = get("/api/patients/" + patient + "/records/" + recordId, token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertServedInert(response, recordId + ".json");
        var headers = response.headers();
        Receipt receipt = Receipt.fromHeader(headers.firstValue("DSH-Receipt").orElseThrow());
        Checkpoint checkpoint = receipt.verify(List.of(LEDGER_KEY.verifyingKey()));
        assertThat(receipt.txId()).isEqualTo(headers.firstValue("DSH-Transaction-Id").orElseThrow());
        assertThat(receipt.txHash()).isEqualTo(headers.firstValue("DSH-Tx-Hash").orElseThrow())
                .isEqualTo(Transactions.hash(published(tx -> tx.id().equals(receipt.txId()))));
        assertThat(Integer.toString(receipt.shard())).isEqualTo(headers.firstValue("DSH-Shard").orElseThrow());
        assertThat(Long.toString(receipt.blockHeight())).isEqualTo(headers.firstValue("DSH-Block-Height").orElseThrow());
        assertThat(Long.toString(receipt.leafIndex())).isEqualTo(headers.firstValue("DSH-Leaf-Index").orElseThrow());
        assertThat(checkpoint.origin()).isEqualTo(TestLedger.ORIGIN);
        assertThat(checkpoint.shard(receipt.shard()).size()).isEqualTo(receipt.treeSize()).isGreaterThan(receipt.leafIndex());
        var status = jsonOf(send("GET", "/api/transactions/" + receipt.txId(), token, null, null));
        assertThat(Receipt.parse(json.writeValueAsBytes(status.get("receipt")))).isEqualTo(receipt);
        assertThat(status.get("leafIndex").asLong()).isEqualTo(receipt.leafIndex());
    }

    @Test
    void clinicianAddsAndReadsForTreatmentByDefaultOrForTheNamedPurpose() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(clinician, Role.CLINICIAN);
        byte[] content = "lab result, plain text".getBytes(StandardCharsets.UTF_8);
        String recordId = addRecord(patient, token, "text/plain", content);

        var treatment = get("/api/patients/" + patient + "/records/" + recordId, token);
        var research = get("/api/patients/" + patient + "/records/" + recordId + "?purpose=RESEARCH", token);

        assertThat(treatment.statusCode()).isEqualTo(200);
        assertThat(treatment.body()).isEqualTo(content);
        assertThat(treatment.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertServedInert(treatment, recordId + ".txt");
        assertServedInert(research, recordId + ".txt");
        assertThat(published(tx -> tx.id().equals(treatment.headers().firstValue("DSH-Transaction-Id").orElseThrow()))
                .meta(Metadata.PURPOSE)).isEqualTo("TREATMENT");
        assertThat(published(tx -> tx.id().equals(research.headers().firstValue("DSH-Transaction-Id").orElseThrow()))
                .meta(Metadata.PURPOSE)).isEqualTo("RESEARCH");
        assertThat(published(tx -> tx.type() == TransactionType.RECORD_ADDED && recordId.equals(tx.meta(Metadata.RECORD_ID)))
                .actorId()).isEqualTo(clinician);
    }

    @Test
    void readRefusedForWantOfConsentIsRecordedExactlyOnceAsAccessDeniedEvenWhenTheRejectionIsRedelivered() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String stranger = register(uniqueId("clinician"), Role.CLINICIAN);
        String recordId = addRecord(patient, token(patient, Role.PATIENT), "application/fhir+json", FHIR);
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ACCESSED && stranger.equals(tx.actorId()),
                RejectionReason.CONSENT_DENIED, "no consent for " + stranger);

        var refused = get("/api/patients/" + patient + "/records/" + recordId, token(stranger, Role.CLINICIAN));

        var problem = assertProblem(refused, 403);
        String attemptId = problem.get("transactionId").asString();
        String deniedId = problem.get("deniedTransactionId").asString();
        assertThat(problem.get("reason").asString()).isEqualTo("CONSENT_DENIED");
        assertThat(deniedId).isEqualTo(UUID.nameUUIDFromBytes(("denied:" + attemptId).getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(problem.get("deniedTransactionStatus").asString()).isEqualTo("COMMITTED");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("Blutzucker");
        Transaction attempt = published(tx -> tx.id().equals(attemptId));
        Transaction denied = published(tx -> tx.id().equals(deniedId));
        assertThat(denied.type()).isEqualTo(TransactionType.ACCESS_DENIED);
        assertThat(denied.patientId()).isEqualTo(patient);
        assertThat(denied.actorId()).isEqualTo(stranger);
        assertThat(denied.payloadHash()).isEqualTo(attempt.payloadHash()).isNotNull();
        assertThat(denied.metadata()).isEqualTo(Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, "TREATMENT",
                Metadata.ATTEMPT_ID, attemptId, Metadata.REASON, "CONSENT_DENIED"));

        // the validator's rejection arrives a second time; a later refusal of the same patient (same partition) shows it was consumed
        LEDGER.publish(Topics.TX_REJECTED, patient, LEDGER.rejectionOf(attemptId));
        var later = get("/api/patients/" + patient + "/records/" + recordId, token(stranger, Role.CLINICIAN));
        String laterDeniedId = assertProblem(later, 403).get("deniedTransactionId").asString();
        await().atMost(PATIENCE).until(() -> LEDGER.submitted().stream().anyMatch(tx -> tx.id().equals(laterDeniedId)));

        assertThat(LEDGER.submitted().stream()
                .filter(tx -> tx.type() == TransactionType.ACCESS_DENIED && attemptId.equals(tx.meta(Metadata.ATTEMPT_ID))))
                .hasSize(1);
        assertThat(count("SELECT count(*) FROM transactions WHERE type = 'ACCESS_DENIED' AND patient_id = :p", Map.of("p", patient)))
                .isEqualTo(2);
        var attemptStatus = jsonOf(send("GET", "/api/transactions/" + attemptId, token(stranger, Role.CLINICIAN), null, null));
        assertThat(attemptStatus.get("status").asString()).isEqualTo("REJECTED");
        assertThat(attemptStatus.get("reason").asString()).isEqualTo("CONSENT_DENIED");
    }

    @Test
    void readOfARecordTheLedgerDoesNotKnowIsNotFound() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String recordId = uniqueId("no-such-record");
        LEDGER.rejectWhen(tx -> recordId.equals(tx.meta(Metadata.RECORD_ID)), RejectionReason.UNKNOWN_RECORD, null);

        var response = get("/api/patients/" + patient + "/records/" + recordId, token(patient, Role.PATIENT));

        var problem = assertProblem(response, 404);
        assertThat(problem.get("reason").asString()).isEqualTo("UNKNOWN_RECORD");
        assertThat(published(tx -> tx.id().equals(problem.get("transactionId").asString())).payloadHash()).isNull();
    }

    @Test
    void readNotCommittedInTimeIsUnavailableAndPointsAtTheTransaction() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "text/plain", "slow".getBytes(StandardCharsets.UTF_8));
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.RECORD_ACCESSED && recordId.equals(tx.meta(Metadata.RECORD_ID)));

        var response = get("/api/patients/" + patient + "/records/" + recordId, token);

        var problem = assertProblem(response, 503);
        String txId = problem.get("transactionId").asString();
        assertThat(problem.get("transaction").asString()).isEqualTo("/api/transactions/" + txId);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/transactions/" + txId);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("slow");
        assertThat(jsonOf(send("GET", "/api/transactions/" + txId, token, null, null)).get("status").asString())
                .isEqualTo("PENDING");
    }

    @Test
    void aClinicianReadingOrWritingAnothersChartNamesTheConsentRulesAndTheConsentHeReliesOn() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(clinician, Role.CLINICIAN);

        var added = send("POST", "/api/patients/" + patient + "/records?resourceType=Condition&securityLabels=PSY,HIV"
                + "&purpose=ETREAT&consent=c-write", token, "text/plain", "note".getBytes(StandardCharsets.UTF_8),
                "Prefer", "wait=10");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String recordId = jsonOf(added).get("recordId").asString();
        var read = get("/api/patients/" + patient + "/records/" + recordId + "?purpose=TREAT&consent=c-read", token);
        assertThat(read.statusCode()).isEqualTo(200);
        var own = get("/api/patients/" + patient + "/records/" + recordId, token(patient, Role.PATIENT));
        assertThat(own.statusCode()).isEqualTo(200);

        Transaction write = published(tx -> tx.type() == TransactionType.RECORD_ADDED && recordId.equals(tx.meta(Metadata.RECORD_ID)));
        assertThat(write.metadata()).containsEntry(Metadata.RESOURCE_TYPE, "Condition")
                .containsEntry(Metadata.SECURITY_LABELS, "HIV,PSY")
                .containsEntry(Metadata.PURPOSE, "EMERGENCY")
                .containsEntry(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION)
                .containsEntry(Metadata.CONSENT_ID, "c-write");
        Transaction clinicianRead = published(tx -> tx.id().equals(read.headers().firstValue("DSH-Transaction-Id").orElseThrow()));
        assertThat(clinicianRead.metadata()).containsEntry(Metadata.PURPOSE, "TREATMENT")
                .containsEntry(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION)
                .containsEntry(Metadata.CONSENT_ID, "c-read");
        Transaction ownRead = published(tx -> tx.id().equals(own.headers().firstValue("DSH-Transaction-Id").orElseThrow()));
        assertThat(ownRead.metadata()).as("her own chart needs no consent")
                .doesNotContainKeys(Metadata.CONSENT_RULES, Metadata.CONSENT_ID);

        var unknownType = send("POST", "/api/patients/" + patient + "/records?resourceType=Horoscope", token,
                "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(assertProblem(unknownType, 400).get("field").asString()).isEqualTo("resourceType");
        var unknownLabel = send("POST", "/api/patients/" + patient + "/records?securityLabels=PSY,SECRET", token,
                "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(assertProblem(unknownLabel, 400).get("field").asString()).isEqualTo("securityLabels");
    }

    @Test
    void aSignedReadOrWriteCarriesItsWritersSignatureAndNotAfterAndAWriteTheRecordIdHeSigned() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(clinician, Role.CLINICIAN);
        String recordId = UUID.randomUUID().toString();
        String signature = "A".repeat(86) + "==";

        var added = send("POST", "/api/patients/" + patient + "/records?recordId=" + recordId, token, "text/plain",
                "note".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10", "DSH-Not-After", "2030-01-01T00:05:00Z",
                "DSH-Signature", signature);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(jsonOf(added).get("recordId").asString()).isEqualTo(recordId);
        var read = send("GET", "/api/patients/" + patient + "/records/" + recordId, token, null, null,
                "DSH-Not-After", "2030-01-01T00:06:00Z", "DSH-Signature", signature);
        assertThat(read.statusCode()).isEqualTo(200);

        Transaction write = published(tx -> tx.type() == TransactionType.RECORD_ADDED && recordId.equals(tx.meta(Metadata.RECORD_ID)));
        assertThat(write.metadata()).containsEntry(Metadata.NOT_AFTER, "2030-01-01T00:05:00Z")
                .containsEntry(Metadata.USER_SIGNATURE, signature);
        Transaction signedRead = published(tx -> tx.id().equals(read.headers().firstValue("DSH-Transaction-Id").orElseThrow()));
        assertThat(signedRead.metadata()).containsEntry(Metadata.NOT_AFTER, "2030-01-01T00:06:00Z")
                .containsEntry(Metadata.USER_SIGNATURE, signature);

        var again = send("POST", "/api/patients/" + patient + "/records?recordId=" + recordId, token, "text/plain",
                "other".getBytes(StandardCharsets.UTF_8), "DSH-Not-After", "2030-01-01T00:05:00Z", "DSH-Signature", signature);
        assertThat(assertProblem(again, 409).get("recordId").asString()).isEqualTo(recordId);
        var signedWithoutItsId = send("POST", "/api/patients/" + patient + "/records", token, "text/plain",
                "x".getBytes(StandardCharsets.UTF_8), "DSH-Not-After", "2030-01-01T00:05:00Z", "DSH-Signature", signature);
        assertThat(assertProblem(signedWithoutItsId, 400).get("field").asString()).isEqualTo("recordId");
        var halfSigned = send("GET", "/api/patients/" + patient + "/records/" + recordId, token, null, null,
                "DSH-Signature", signature);
        assertThat(assertProblem(halfSigned, 400).get("field").asString()).isEqualTo("DSH-Not-After");
        var notAnInstant = send("GET", "/api/patients/" + patient + "/records/" + recordId, token, null, null,
                "DSH-Not-After", "tomorrow", "DSH-Signature", signature);
        assertThat(assertProblem(notAnInstant, 400).get("field").asString()).isEqualTo("DSH-Not-After");
    }

    @Test
    void aWriteRefusedForWantOfConsentIsRecordedAsARefusalOfActionWrite() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && clinician.equals(tx.actorId()),
                RejectionReason.CONSENT_DENIED, "no consent permits this write");

        var refused = send("POST", "/api/patients/" + patient + "/records?purpose=TREAT", token(clinician, Role.CLINICIAN),
                "text/plain", "refused".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");

        String attemptId = assertProblem(refused, 403).get("transactionId").asString();
        Transaction attempt = published(tx -> tx.id().equals(attemptId));
        Transaction recorded = published(tx -> tx.type() == TransactionType.ACCESS_DENIED
                && attemptId.equals(tx.meta(Metadata.ATTEMPT_ID)));
        assertThat(recorded.metadata()).containsEntry(Metadata.ACTION, Metadata.WRITE)
                .containsEntry(Metadata.PURPOSE, "TREATMENT")
                .containsEntry(Metadata.RECORD_ID, attempt.meta(Metadata.RECORD_ID))
                .containsEntry(Metadata.REASON, "CONSENT_DENIED");
        assertThat(recorded.actorId()).isEqualTo(clinician);
        assertThat(recorded.payloadHash()).isEqualTo(attempt.payloadHash());
    }

    @Test
    void recordWhoseAdditionIsRejectedIsNotKeptInTheVault() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && clinician.equals(tx.actorId()),
                RejectionReason.ROLE_NOT_ALLOWED, "no treatment relationship");

        var response = send("POST", "/api/patients/" + patient + "/records", token(clinician, Role.CLINICIAN),
                "text/plain", "refused".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");

        var problem = assertProblem(response, 403);
        assertThat(problem.get("reason").asString()).isEqualTo("ROLE_NOT_ALLOWED");
        String txId = problem.get("transactionId").asString();
        assertThat(count("SELECT count(*) FROM records WHERE added_by_tx = :t", Map.of("t", txId))).isZero();
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", patient))).isZero();
        assertThat(jdbc.sql("SELECT status FROM transactions WHERE id = :t").param("t", txId).query(String.class).single())
                .isEqualTo("REJECTED");
    }

    @Test
    void recordAddedWithoutPreferIsAcceptedAtOnce() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);

        var response = send("POST", "/api/patients/" + patient + "/records", token, "application/pdf", new byte[]{0, 1, 2, (byte) 0xff});

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        var body = jsonOf(response);
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        String recordId = body.get("recordId").asString();
        await().atMost(PATIENCE).until(() -> jsonOf(send("GET", "/api/transactions/" + body.get("transactionId").asString(),
                token, null, null)).get("status").asString().equals("COMMITTED"));
        var read = get("/api/patients/" + patient + "/records/" + recordId, token);
        assertThat(read.body()).containsExactly(0, 1, 2, 0xff);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertServedInert(read, recordId + ".pdf");
    }

    @Test
    void recordStoredAsHtmlBeforeTheAllowlistIsStillServedAsASandboxedAttachmentThatIsNeverSniffed() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "text/plain", "to be replaced".getBytes(StandardCharsets.UTF_8));
        String addedBy = jdbc.sql("SELECT added_by_tx FROM records WHERE record_id = :r").param("r", recordId)
                .query(String.class).single();
        byte[] html = "<html><script>fetch('/api/patients/' + document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        // the row as the vault wrote it when any concrete media type was taken: sealed with text/html as its type
        jdbc.sql("DELETE FROM records WHERE record_id = :r").param("r", recordId).update();
        vault.store(vault.seal(patient, recordId, "text/html", html), addedBy);

        var read = get("/api/patients/" + patient + "/records/" + recordId, token);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(html);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("text/html");
        assertServedInert(read, recordId);
    }

    /**
     * A read's content leaves inert: a download named {@code filename}, never sniffed into another type, sandboxed
     * should a browser render it, never cached, each header once.
     */
    private static void assertServedInert(HttpResponse<byte[]> read, String filename) {
        var headers = read.headers();
        assertThat(headers.allValues("Content-Disposition")).containsExactly("attachment; filename=\"" + filename + "\"");
        assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(headers.allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(headers.allValues("Cache-Control")).containsExactly("no-store");
    }

    private static Transaction published(java.util.function.Predicate<Transaction> which) {
        List<Transaction> matching = await().atMost(PATIENCE)
                .until(() -> LEDGER.submitted().stream().filter(which).toList(), list -> !list.isEmpty());
        return matching.getFirst();
    }
}
