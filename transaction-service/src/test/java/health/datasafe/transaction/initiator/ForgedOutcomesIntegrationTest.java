package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outcomes that someone who can write to Kafka, but holds neither the validator's nor the ledger's key, publishes
 * about a transaction still waiting for its outcome: each is dead-lettered with its reason and the transaction stays
 * PENDING, until the trusted validator's own decision arrives.
 */
class ForgedOutcomesIntegrationTest extends TransactionServiceTestBase {

    @Test
    void forgedRejectionsAndBlocksChangeNothingAndTheTrustedDecisionStillCounts() throws Exception {
        String auditor = uniqueId("auditor");
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.IDENTITY_REGISTERED && auditor.equals(tx.actorId()));
        var registration = postJson("/api/identities", token(auditor, Role.AUDITOR), keyed(auditor, Role.AUDITOR, null));
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(202);
        String txId = jsonOf(registration).get("transactionId").asString();
        Transaction pending = await().atMost(PATIENCE).until(() -> LEDGER.submitted().stream()
                .filter(tx -> tx.id().equals(txId)).findFirst(), found -> found.isPresent()).orElseThrow();

        var unsigned = new TransactionRejected(pending, Transactions.hash(pending), RejectionReason.IDENTITY_EXISTS,
                "forged", "validator-1", Instant.now(), null, null);
        var byAnOutsider = new TestValidator().rejected(pending, RejectionReason.IDENTITY_EXISTS, "forged");
        var metadata = new HashMap<>(pending.metadata());
        metadata.put(Metadata.ROLE, "ADMIN");
        Transaction other = new Transaction(pending.id(), pending.type(), pending.patientId(), pending.actorId(),
                pending.payloadHash(), metadata, pending.submittedAt(), pending.initiator(), pending.signature());
        var ofAnotherTransaction = LEDGER.validator().rejected(other, RejectionReason.IDENTITY_EXISTS, "forged");
        List<byte[]> rejections = List.of(json.writeValueAsBytes(unsigned), json.writeValueAsBytes(byAnOutsider),
                json.writeValueAsBytes(ofAnotherTransaction));
        byte[] block = json.writeValueAsBytes(new TestLedger().block(0, pending));
        rejections.forEach(value -> LEDGER.publish(Topics.TX_REJECTED, pending.partitionKey(), value));
        for (int shard = 0; shard < TestLedger.SHARDS; shard++) {
            LEDGER.publish(Topics.LEDGER_BLOCKS, Integer.toString(shard), block);
        }

        var refused = new DeadLetterTopic(Topics.TX_REJECTED).awaitAll(rejections);
        assertThat(refused.get(0).reason()).contains("signer null is not a trusted validator key");
        assertThat(refused.get(1).reason()).contains("is not a trusted validator key");
        assertThat(refused.get(2).reason()).contains("not of the one this initiator submitted");
        assertThat(new DeadLetterTopic(Topics.LEDGER_BLOCKS).awaitOne(block).reason()).startsWith("SignatureInvalid");
        assertThat(status(txId, auditor)).isEqualTo("PENDING");
        assertThat(count("SELECT count(*) FROM identities WHERE actor_id = :a", Map.of("a", auditor))).isZero();

        LEDGER.publish(Topics.TX_REJECTED, pending.partitionKey(), json.writeValueAsBytes(
                LEDGER.validator().rejected(pending, RejectionReason.IDENTITY_EXISTS, "known to the validator")));

        await().atMost(PATIENCE).until(() -> status(txId, auditor), "REJECTED"::equals);
    }

    private String status(String txId, String auditor) throws Exception {
        return jsonOf(send("GET", "/api/transactions/" + txId, token(auditor, Role.AUDITOR), null, null))
                .get("status").asString();
    }
}
