package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutcomeDeadLetterIntegrationTest extends TransactionServiceTestBase {

    @Test
    void unreadableRejectionGoesToTheDeadLetterTopicAndConsumingGoesOn() throws Exception {
        String garbage = "{\"transaction\": nope " + UUID.randomUUID();
        String patient = uniqueId("patient");
        LEDGER.publish(Topics.TX_REJECTED, patient, garbage);

        register(patient, Role.PATIENT);

        assertThat(awaitDeadLetter(Topics.TX_REJECTED, garbage::equals).get(Topics.REASON_HEADER))
                .contains("not a readable TransactionRejected");
    }

    @Test
    void blockCarryingAnAlteredCopyOfOurTransactionIsDeadLetteredAndChangesNothing() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.CONSENT_REVOKED && patient.equals(tx.patientId()));
        var response = send("DELETE", "/api/patients/" + patient + "/consents/c-1", token, null, null);
        String txId = jsonOf(response).get("transactionId").asString();
        Transaction ours = await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(tx -> tx.id().equals(txId)).findFirst().orElse(null), tx -> tx != null);
        var altered = new Transaction(ours.id(), ours.type(), ours.patientId(), ours.actorId(), ours.payloadHash(),
                Map.of(Metadata.CONSENT_ID, "c-2"), ours.submittedAt(), ours.initiator(), ours.signature());
        String hash = Transactions.hash(altered);
        var header = new BlockHeader(7, 0, Blocks.GENESIS_PREVIOUS_HASH, MerkleTree.rootHex(List.of(hash)), 1, 1,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var block = new BlockCommitted(header, Blocks.hash(header), "forger", "c2lnbmF0dXJl",
                List.of(new CommittedTransaction(altered, hash, 0)));
        String value = json.writeValueAsString(block);

        LEDGER.publish(Topics.LEDGER_BLOCKS, "7", value);

        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, value::equals).get(Topics.REASON_HEADER))
                .contains("differs from the one this initiator submitted");
        assertThat(jsonOf(send("GET", "/api/transactions/" + txId, token, null, null)).get("status").asString())
                .isEqualTo("PENDING");
    }
}
