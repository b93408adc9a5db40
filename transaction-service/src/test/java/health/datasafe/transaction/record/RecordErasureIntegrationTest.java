package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.ErasureReceipt;
import health.datasafe.integrity.ErasureReceiptInvalid;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RecordErasureIntegrationTest extends TransactionServiceTestBase {

    @Test
    void aCommittedErasureDestroysTheRecordInTheVaultAndOnItsTopicAndTheVaultConfirmsIt() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String recordId = addRecord(patient, token, "text/plain", "to be forgotten".getBytes(StandardCharsets.UTF_8));
        String receiptPath = "/api/patients/" + patient + "/records/" + recordId + "/erasure";
        assertProblem(get(receiptPath, token), 404);

        var erased = send("DELETE", "/api/patients/" + patient + "/records/" + recordId, token, null, null,
                "Prefer", "wait=10");

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        String erasureId = jsonOf(erased).get("transactionId").asString();
        assertThat(jsonOf(erased).get("recordId").asString()).isEqualTo(recordId);
        Transaction erasure = submitted(tx -> tx.id().equals(erasureId));
        assertThat(erasure.type()).isEqualTo(TransactionType.RECORD_ERASED);
        assertThat(erasure.metadata()).isEqualTo(Map.of(Metadata.RECORD_ID, recordId));
        Transaction confirmation = submitted(tx -> tx.type() == TransactionType.ERASURE_CONFIRMED
                && erasureId.equals(tx.meta(Metadata.ERASURE_ID)));
        assertThat(confirmation.patientId()).isEqualTo(patient);
        assertThat(confirmation.actorId()).isEqualTo(Metadata.vaultOf(confirmation.initiator()));
        assertThat(confirmation.meta(Metadata.RECORD_ID)).isEqualTo(recordId);
        assertThat(count("SELECT count(*) FROM records WHERE record_id = :r", Map.of("r", recordId))).isZero();
        var envelopes = upToTheEnd(Topics.VAULT_RECORDS).stream().filter(record -> recordId.equals(record.key()))
                .toList();
        assertThat(envelopes.getLast().value()).as("a tombstone, after the envelope").isNull();

        // the erasure receipt: her erasure and the vault's confirmation, each with its receipt, verifies offline
        ErasureReceipt receipt = await().atMost(PATIENCE).until(() -> {
            var answer = get(receiptPath, token);
            return answer.statusCode() == 200 ? ErasureReceipt.parse(answer.body()) : null;
        }, found -> found != null && !found.confirmations().isEmpty());
        var verified = receipt.verify(List.of(LEDGER_KEY.verifyingKey()), 1);
        assertThat(verified.confirmedBy()).containsExactly(confirmation.actorId());
        assertThat(receipt.erasure().transaction()).isEqualTo(erasure);
        var forged = new ErasureReceipt(receipt.recordId(), receipt.patientId(), receipt.erasure(), List.of(
                new ErasureReceipt.Part(confirmation, receipt.erasure().receipt())));
        assertThatThrownBy(() -> forged.verify(List.of(LEDGER_KEY.verifyingKey()), 1))
                .isInstanceOf(ErasureReceiptInvalid.class).hasMessageContaining("hashes to");
        assertThatThrownBy(() -> new ErasureReceipt(receipt.recordId(), receipt.patientId(), receipt.erasure(),
                List.of()).verify(List.of(LEDGER_KEY.verifyingKey()), 1))
                .isInstanceOf(ErasureReceiptInvalid.class).hasMessageContaining("no key holder confirmed");
        assertProblem(get(receiptPath, token(register(uniqueId("patient"), Role.PATIENT), Role.PATIENT)), 403);

        // the validator refuses every later read of it: 410
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ACCESSED
                && recordId.equals(tx.meta(Metadata.RECORD_ID)), RejectionReason.RECORD_ERASED, "erased");
        assertProblem(get("/api/patients/" + patient + "/records/" + recordId, token), 410);
    }

    @Test
    void onlyThePatientErasesHerRecords() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String other = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("dr"), Role.CLINICIAN);
        String recordId = addRecord(patient, token(patient, Role.PATIENT), "text/plain",
                "mine".getBytes(StandardCharsets.UTF_8));
        String path = "/api/patients/" + patient + "/records/" + recordId;

        assertProblem(send("DELETE", path, token(other, Role.PATIENT), null, null), 403);
        assertProblem(send("DELETE", path, token(clinician, Role.CLINICIAN), null, null), 403);
        assertProblem(send("DELETE", path, token(uniqueId("auditor"), Role.AUDITOR), null, null), 403);

        assertThat(LEDGER.submitted()).noneMatch(tx -> tx.type() == TransactionType.RECORD_ERASED
                && recordId.equals(tx.meta(Metadata.RECORD_ID)));
        assertThat(count("SELECT count(*) FROM records WHERE record_id = :r", Map.of("r", recordId))).isOne();
    }

    private static Transaction submitted(java.util.function.Predicate<Transaction> which) {
        return await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(which).findFirst().orElse(null), tx -> tx != null);
    }
}
