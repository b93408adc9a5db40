package health.datasafe.transaction.rebuild;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RecordSealed;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's state rebuilt by replay: emptied, the transactions and identities are filled again from
 * {@code dsh.tx.submitted}, {@code dsh.tx.rejected} and {@code dsh.ledger.blocks}, and the vault from
 * {@code dsh.vault.records} and {@code dsh.vault.keys}, with exactly the values they held; a submission this service
 * did not sign, an envelope whose transaction never committed, or that does not match its transaction, is not
 * restored. A rebuild that would lack a live row fails and keeps the live schema. The kit's ADMIN-only endpoints at
 * {@code /api/transactions/rebuilds}.
 *
 * <p>The application context, database and broker are shared with the other test classes, some of which write rows
 * that the log does not hold (e.g. a record sealed again, directly, under a committed RECORD_ADDED of other content,
 * or an identity inserted directly): a rebuild rightly refuses to drop those. So every test that expects a rebuild to
 * finish empties the state first (the disaster), and the refusal tests empty it before adding the one row they alter.
 */
class RebuildIntegrationTest extends TransactionServiceTestBase {

    private static final Duration REBUILDING = Duration.ofSeconds(60);
    private static final String REBUILDS = "/api/transactions/rebuilds";
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** Every transaction row as the log states it (its times are the database's clock, so only whether it was sent). */
    private static final String TRANSACTIONS = """
            SELECT id, type, patient_id, actor_id, status, reason, detail, shard, block_height, tx_hash, leaf_index,
                   signed_json, submitted_hash, receipt, published_at IS NOT NULL AS published
            FROM transactions ORDER BY id""";
    /** The identities this service registered (other test classes insert some directly, which no log holds). */
    private static final String IDENTITIES = """
            SELECT actor_id, role, status, registered_by_tx FROM identities
            WHERE registered_by_tx IN (SELECT id FROM transactions) ORDER BY actor_id""";

    @Autowired
    private WriteGate gate;

    @Test
    void anEmptiedVaultIsRebuiltWithTheExactBytesAndOnlyCommittedEnvelopesAndTheServiceGoesOn() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        byte[] first = ("Befund " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"glucose\":5.4}".getBytes(StandardCharsets.UTF_8);
        String firstId = addRecord(patient, token, "text/plain", first);
        String secondId = addRecord(patient, token, "application/json", second);
        String rejectedId = rejectedRecordWhoseEnvelopeIsOnTheTopicAgain(patient, token);
        String uncommittedId = forgedEnvelope(firstId, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        String mismatchedId = forgedEnvelope(firstId, UUID.randomUUID().toString(), addedByTx(firstId));
        String clinician = register(uniqueId("dr"), Role.CLINICIAN);
        var opened = postJson("/api/patients/" + patient + "/break-glass", token(clinician, Role.CLINICIAN),
                "{\"reason\":\"fell down the stairs\",\"validUntil\":\"2099-01-01T00:00:00Z\"}", "Prefer", "wait=10");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String reasonId = jsonOf(opened).get("consentId").asString();
        var recordsBefore = rows("SELECT * FROM records WHERE patient_id = :p ORDER BY record_id", patient);
        var keyBefore = rows("SELECT * FROM patient_keys WHERE patient_id = :p", patient);
        assertThat(recordsBefore).as("two records and a break-glass reason").hasSize(3);
        assertThat(keyBefore).hasSize(1);

        theDisaster();
        assertThat(count("SELECT count(*) FROM records", Map.of())).isZero();

        HttpResponse<String> started = postJson(REBUILDS, admin(), null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode done = awaitFinished(location(started));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("transaction-service");
        assertSameRows(rows("SELECT * FROM records WHERE patient_id = :p ORDER BY record_id", patient), recordsBefore);
        assertSameRows(rows("SELECT * FROM patient_keys WHERE patient_id = :p", patient), keyBefore);
        for (String notRestored : List.of(rejectedId, uncommittedId, mismatchedId)) {
            assertThat(count("SELECT count(*) FROM records WHERE record_id = :r", Map.of("r", notRestored)))
                    .as(notRestored).isZero();
        }
        assertThat(readContent(patient, firstId, token)).isEqualTo(first);
        assertThat(readContent(patient, secondId, token)).isEqualTo(second);
        assertThat(readContent(patient, reasonId, token)).isEqualTo("fell down the stairs".getBytes(StandardCharsets.UTF_8));

        // writing and the listeners went on: a new record is added, committed and read
        byte[] third = "after the rebuild".getBytes(StandardCharsets.UTF_8);
        String thirdId = addRecord(patient, token, "text/plain", third);
        assertThat(readContent(patient, thirdId, token)).isEqualTo(third);
    }

    @Test
    void emptiedTransactionsAndIdentitiesAreReplayedFromTheLogWithTheSameStatusHashesAndPositions() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String clinician = register(uniqueId("dr"), Role.CLINICIAN);
        addRecord(patient, token, "text/plain", "committed".getBytes(StandardCharsets.UTF_8));
        String heldConsent = uniqueId("held");
        String rejectedConsent = uniqueId("rejected");
        LEDGER.holdWhen(tx -> heldConsent.equals(tx.meta(Metadata.CONSENT_ID)));
        LEDGER.rejectWhen(tx -> rejectedConsent.equals(tx.meta(Metadata.CONSENT_ID)), RejectionReason.UNKNOWN_CONSENT,
                "no such consent");
        String held = revoke(patient, token, heldConsent);
        String rejected = revoke(patient, token, rejectedConsent);
        await().atMost(PATIENCE).until(() -> "REJECTED".equals(statusOf(rejected)));
        Transaction genuine = await().atMost(PATIENCE).until(() -> LEDGER.submitted().stream()
                .filter(tx -> tx.id().equals(held)).findFirst().orElse(null), tx -> tx != null);
        String signedByAnotherKey = submitForgery(Transactions.sign(copyUnderNewId(genuine),
                Ed25519.SigningKey.generate()));
        String unsigned = submitForgery(copyUnderNewId(genuine));
        var transactionsBefore = jdbc.sql(TRANSACTIONS).query().listOfRows();
        var identitiesBefore = jdbc.sql(IDENTITIES).query().listOfRows();
        assertThat(transactionsBefore).extracting(row -> row.get("id")).contains(held, rejected);
        assertThat(identitiesBefore).extracting(row -> row.get("actor_id")).contains(patient, clinician);

        theDisaster();
        JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(jdbc.sql(TRANSACTIONS).query().listOfRows()).isEqualTo(transactionsBefore);
        assertThat(jdbc.sql(IDENTITIES).query().listOfRows()).isEqualTo(identitiesBefore);
        assertThat(statusOf(held)).isEqualTo("PENDING");
        var rejectedRow = jdbc.sql("SELECT status, reason, detail FROM transactions WHERE id = :t").param("t", rejected)
                .query().singleRow();
        assertThat(rejectedRow).containsEntry("status", "REJECTED").containsEntry("reason", "UNKNOWN_CONSENT")
                .containsEntry("detail", "no such consent");
        for (String forged : List.of(signedByAnotherKey, unsigned)) {
            assertThat(count("SELECT count(*) FROM transactions WHERE id = :t", Map.of("t", forged))).as(forged)
                    .isZero();
        }
    }

    @Test
    void aTransactionNeverPublishedIsCarriedOverFromTheLiveSchemaAsItIs() throws Exception {
        theDisaster();
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String consentId = uniqueId("unpublished");
        LEDGER.holdWhen(tx -> consentId.equals(tx.meta(Metadata.CONSENT_ID))); // should the relay publish it after all
        var metadata = Map.of(Metadata.CONSENT_ID, consentId);
        var unsigned = new Transaction(UUID.randomUUID().toString(), TransactionType.CONSENT_REVOKED, patient, patient,
                Transactions.metadataHash(metadata), metadata, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                INITIATOR_KEY.verifyingKey().keyId(), null);
        Transaction tx = Transactions.sign(unsigned, INITIATOR_KEY);
        jdbc.sql("""
                        INSERT INTO transactions (id, type, patient_id, actor_id, status, signed_json, submitted_hash)
                        VALUES (:id, 'CONSENT_REVOKED', :p, :p, 'PENDING', :message, :hash)""")
                .param("id", tx.id()).param("p", patient)
                .param("message", json.writeValueAsString(new TransactionSubmitted(tx)))
                .param("hash", Transactions.hash(tx)).update();
        var before = jdbc.sql(TRANSACTIONS).query().listOfRows();

        JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(jdbc.sql(TRANSACTIONS).query().listOfRows()).as("and what the log holds").containsAll(before);
        assertThat(count("SELECT count(*) FROM transactions WHERE id = :t AND published_at IS NULL",
                Map.of("t", tx.id()))).as("still to be published by the relay").isEqualTo(1);
    }

    @Test
    void aCommittedRecordWhoseTransactionRowIsGoneIsRestoredWithItsRowReplayedFromTheLog() throws Exception {
        theDisaster();
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        byte[] content = "its row is gone".getBytes(StandardCharsets.UTF_8);
        String recordId = addRecord(patient, token, "text/plain", content);
        String tx = addedByTx(recordId);
        var txBefore = jdbc.sql("SELECT shard, block_height, tx_hash, leaf_index FROM transactions WHERE id = :t")
                .param("t", tx).query().singleRow();
        jdbc.sql("DELETE FROM transactions WHERE id = :t").param("t", tx).update(); // and, cascading, the record

        JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(addedByTx(recordId)).isEqualTo(tx);
        var txAfter = jdbc.sql("SELECT status, shard, block_height, tx_hash, leaf_index FROM transactions WHERE id = :t")
                .param("t", tx).query().singleRow();
        assertThat(txAfter.get("status")).isEqualTo("COMMITTED");
        assertThat(txAfter).containsAllEntriesOf(txBefore);
        assertThat(readContent(patient, recordId, token)).isEqualTo(content);
    }

    @Test
    void aLiveRecordTheTopicsDoNotHoldAsItIsFailsTheRebuildNamingItAndKeepsTheVault() throws Exception {
        theDisaster();
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
        String recordId = addRecord(patient, token, "text/plain", content);
        byte[] iv = jdbc.sql("SELECT iv FROM records WHERE record_id = :r").param("r", recordId).query(byte[].class).single();
        byte[] otherIv = iv.clone();
        otherIv[0] ^= 1;
        jdbc.sql("UPDATE records SET iv = :iv WHERE record_id = :r").param("iv", otherIv).param("r", recordId).update();
        try {
            JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

            assertThat(done.get("state").asString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains("lacks 1 row(s) of records").contains(recordId);
            assertThat(jdbc.sql("SELECT iv FROM records WHERE record_id = :r").param("r", recordId)
                    .query(byte[].class).single()).as("the live vault is kept").isEqualTo(otherIv);
        } finally {
            jdbc.sql("UPDATE records SET iv = :iv WHERE record_id = :r").param("iv", iv).param("r", recordId).update();
        }
        assertThat(readContent(patient, recordId, token)).isEqualTo(content);
    }

    @Test
    void aLiveTransactionTheLogDoesNotHoldAsItIsFailsTheRebuildNamingItAndKeepsTheLiveSchema() throws Exception {
        theDisaster();
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String tx = jdbc.sql("SELECT registered_by_tx FROM identities WHERE actor_id = :a").param("a", patient)
                .query(String.class).single();
        jdbc.sql("UPDATE transactions SET leaf_index = leaf_index + 1000 WHERE id = :t").param("t", tx).update();
        long moved = jdbc.sql("SELECT leaf_index FROM transactions WHERE id = :t").param("t", tx)
                .query(Long.class).single();
        try {
            JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

            assertThat(done.get("state").asString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains("lacks 1 row(s) of transactions").contains(tx);
            assertThat(jdbc.sql("SELECT leaf_index FROM transactions WHERE id = :t").param("t", tx)
                    .query(Long.class).single()).as("the live schema is kept").isEqualTo(moved);
        } finally {
            jdbc.sql("UPDATE transactions SET leaf_index = leaf_index - 1000 WHERE id = :t").param("t", tx).update();
        }
    }

    @Test
    void aLiveIdentityNoCommittedRegistrationStandsForFailsTheRebuildNamingIt() throws Exception {
        theDisaster();
        String stranger = uniqueId("stranger");
        jdbc.sql("INSERT INTO identities (actor_id, role, registered_by_tx) VALUES (:a, 'PATIENT', :tx)")
                .param("a", stranger).param("tx", "registered-by-the-test").update();
        try {
            JsonNode done = awaitFinished(location(postJson(REBUILDS, admin(), null)));

            assertThat(done.get("state").asString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains("lacks 1 row(s) of identities").contains(stranger);
            assertThat(count("SELECT count(*) FROM identities WHERE actor_id = :a", Map.of("a", stranger)))
                    .as("the live schema is kept").isEqualTo(1);
        } finally {
            jdbc.sql("DELETE FROM identities WHERE actor_id = :a").param("a", stranger).update();
        }
    }

    @Test
    void writesAreTurnedAwayWith503WhileTheGateIsClosedAndReadsGoOn() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "text/plain", "before".getBytes(StandardCharsets.UTF_8));
        gate.close();
        try {
            var refused = send("POST", "/api/patients/" + patient + "/records", token, "text/plain",
                    "during".getBytes(StandardCharsets.UTF_8));
            assertProblem(refused, 503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", patient))).isEqualTo(1);
            assertThat(get("/api/patients/" + patient + "/records/" + recordId, token).statusCode()).isEqualTo(200);
        } finally {
            gate.open();
        }
        addRecord(patient, token, "text/plain", "after".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflict() throws Exception {
        theDisaster();
        HttpResponse<String> first = postJson(REBUILDS, admin(), null);
        HttpResponse<String> second = postJson(REBUILDS, admin(), null);

        assertThat(first.statusCode()).isEqualTo(202);
        assertProblem(second, 409);
        assertThat(awaitFinished(location(first)).get("state").asString()).isEqualTo("DONE");
    }

    @Test
    void aMalformedBodyOrACheckpointIsABadRequestAndNothingRuns() throws Exception {
        for (String body : List.of("{not json", "{\"unknown\":1}", "{\"checkpoint\":\"a note\"}")) {
            assertProblem(postJson(REBUILDS, admin(), body), 400);
        }
    }

    @Test
    void onlyAnAdminMayRebuildOrFollowARebuild() throws Exception {
        theDisaster();
        String running = location(postJson(REBUILDS, admin(), null));
        for (Role role : List.of(Role.PATIENT, Role.CLINICIAN, Role.AUDITOR)) {
            String token = token(uniqueId(role.name().toLowerCase()), role);
            assertThat(postJson(REBUILDS, token, null).statusCode()).as(role.name()).isEqualTo(403);
            assertThat(send("GET", running, token, null, null).statusCode()).as(role.name()).isEqualTo(403);
        }
        assertThat(postJson(REBUILDS, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", running, null, null, null).statusCode()).isEqualTo(401);
        awaitFinished(running);
    }

    @Test
    void anUnknownRebuildIsNotFound() throws Exception {
        assertProblem(send("GET", REBUILDS + "/no-such-rebuild", admin(), null, null), 404);
    }

    /** The disaster: every row is gone (the records with their transactions), the schema and the service are not. */
    private void theDisaster() {
        jdbc.sql("DELETE FROM transactions").update();
        jdbc.sql("DELETE FROM identities").update();
        jdbc.sql("DELETE FROM records").update();
        jdbc.sql("DELETE FROM patient_keys").update();
    }

    /**
     * A record whose RECORD_ADDED the ledger rejects: the service withdraws its envelope (a tombstone); then the
     * envelope is on the topic again as its latest value (as if the tombstone had not been written).
     */
    private String rejectedRecordWhoseEnvelopeIsOnTheTopicAgain(String patient, String token) throws Exception {
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && patient.equals(tx.patientId())
                        && "image/png".equals(tx.meta(Metadata.CONTENT_TYPE)),
                RejectionReason.UNKNOWN_PATIENT, "rejected for the test");
        send("POST", "/api/patients/" + patient + "/records", token, "image/png",
                "rejected".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");
        String recordId = LEDGER.submitted().stream()
                .filter(tx -> tx.type() == TransactionType.RECORD_ADDED && patient.equals(tx.patientId())
                        && "image/png".equals(tx.meta(Metadata.CONTENT_TYPE)))
                .findFirst().orElseThrow().meta(Metadata.RECORD_ID);
        var values = new ArrayList<byte[]>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            values.clear();
            upToTheEnd(Topics.VAULT_RECORDS).stream().filter(r -> recordId.equals(r.key()))
                    .forEach(r -> values.add(r.value()));
            assertThat(values).hasSize(2);
            assertThat(values.getLast()).as("the tombstone").isNull();
        });
        LEDGER.publish(Topics.VAULT_RECORDS, recordId, values.getFirst());
        return recordId;
    }

    /** Puts an envelope with the bytes of {@code likeRecord} under a new record id, added by {@code addedByTx}. */
    private String forgedEnvelope(String likeRecord, String recordId, String addedByTx) {
        var row = jdbc.sql("SELECT * FROM records WHERE record_id = :r").param("r", likeRecord).query().singleRow();
        var forged = new RecordSealed(recordId, (String) row.get("patient_id"), (String) row.get("content_type"),
                BASE64.encodeToString((byte[]) row.get("ciphertext")), BASE64.encodeToString((byte[]) row.get("iv")),
                BASE64.encodeToString((byte[]) row.get("wrapped_data_key")),
                BASE64.encodeToString((byte[]) row.get("salt")), (String) row.get("commitment"), addedByTx,
                Instant.now());
        LEDGER.publish(Topics.VAULT_RECORDS, recordId, json.writeValueAsBytes(forged));
        return recordId;
    }

    /** Asks to revoke the consent; returns the transaction id. */
    private String revoke(String patient, String token, String consentId) throws Exception {
        var response = send("DELETE", "/api/patients/" + patient + "/consents/" + consentId, token, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return jsonOf(response).get("transactionId").asString();
    }

    private String statusOf(String transactionId) {
        return jdbc.sql("SELECT status FROM transactions WHERE id = :t").param("t", transactionId)
                .query(String.class).optional().orElse(null);
    }

    /** The transaction under a new id, unsigned. */
    private static Transaction copyUnderNewId(Transaction tx) {
        return new Transaction(UUID.randomUUID().toString(), tx.type(), tx.patientId(), tx.actorId(), tx.payloadHash(),
                tx.metadata(), tx.submittedAt(), tx.initiator(), null);
    }

    /** Puts the transaction on {@code dsh.tx.submitted} as if this service had; returns its id. */
    private String submitForgery(Transaction tx) {
        LEDGER.publish(Topics.TX_SUBMITTED, tx.partitionKey(), json.writeValueAsBytes(new TransactionSubmitted(tx)));
        return tx.id();
    }

    private String addedByTx(String recordId) {
        return jdbc.sql("SELECT added_by_tx FROM records WHERE record_id = :r").param("r", recordId)
                .query(String.class).single();
    }

    private List<Map<String, Object>> rows(String sql, String patient) {
        return jdbc.sql(sql).param("p", patient).query().listOfRows();
    }

    private static void assertSameRows(List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            for (var column : expected.get(i).entrySet()) {
                Object value = actual.get(i).get(column.getKey());
                if (column.getValue() instanceof byte[] bytes) {
                    assertThat((byte[]) value).as(column.getKey()).isEqualTo(bytes);
                } else {
                    assertThat(value).as(column.getKey()).isEqualTo(column.getValue());
                }
            }
        }
    }

    private byte[] readContent(String patient, String recordId, String token) throws Exception {
        var response = get("/api/patients/" + patient + "/records/" + recordId, token);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    private JsonNode awaitFinished(String location) {
        var last = new JsonNode[1];
        await().atMost(REBUILDING).until(() -> {
            last[0] = jsonOf(send("GET", location, admin(), null, null));
            return !"RUNNING".equals(last[0].get("state").asString());
        });
        return last[0];
    }

    private static String admin() {
        return token(uniqueId("admin"), Role.ADMIN);
    }

    private static String location(HttpResponse<String> started) {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }
}
