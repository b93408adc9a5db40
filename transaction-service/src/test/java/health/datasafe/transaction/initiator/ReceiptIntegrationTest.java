package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receipts from blocks that carry their shard's log frontier and a signed checkpoint: stored with the commit, once,
 * and only when the checkpoint agrees with the block and (as here, with {@code dsh.trust.ledger-keys} set) is signed
 * by a trusted ledger key. The blocks are built by a {@link TestLedger} of each test's own, published by hand for
 * transactions the stand-in ledger holds back.
 */
class ReceiptIntegrationTest extends TransactionServiceTestBase {

    @Test
    void blockWithLogDataCommitsOurTransactionWithAReceiptThatVerifiesAgainstTheLedgerKey() throws Exception {
        Held held = holdConsentRevocations();
        Transaction ours = revocation(held);
        var ledger = new TestLedger(LEDGER_KEY);
        ledger.block(2, ledger.added(uniqueId("someone"), uniqueId("clinician"), uniqueId("rec")));
        BlockCommitted block = ledger.block(2, ledger.added(uniqueId("someone"), uniqueId("clinician"), uniqueId("rec")), ours);

        publish(block);

        JsonNode status = awaitCommitted(held, ours.id());
        Receipt receipt = Receipt.parse(json.writeValueAsBytes(status.get("receipt")));
        Checkpoint checkpoint = receipt.verify(List.of(LEDGER_KEY.verifyingKey()));
        assertThat(receipt).isEqualTo(new Receipt(ours.id(), Transactions.hash(ours), 2, 1, block.blockHash(), 2, 3,
                receipt.inclusionProof(), block.checkpoint()));
        assertThat(receipt.inclusionProof()).hasSize(1); // leaf 2 of 3: its sibling is the subtree of leaves 0 and 1
        assertThat(checkpoint.shard(2).size()).isEqualTo(3);
        assertThat(status.get("leafIndex").asLong()).isEqualTo(2);
        assertThat(status.get("blockHeight").asLong()).isEqualTo(1);
    }

    @Test
    void blockWhoseCheckpointRootDoesNotMatchItsFrontierAndTransactionsIsDeadLetteredAndCommitsNothing() throws Exception {
        Held held = holdConsentRevocations();
        Transaction ours = revocation(held);
        var ledger = new TestLedger(LEDGER_KEY);
        ledger.block(1, ledger.added(uniqueId("someone"), uniqueId("clinician"), uniqueId("rec")));
        BlockCommitted honest = ledger.block(1, ours);
        BlockCommitted forgedFrontier = withLog(honest, List.of(Hex.of(Sha256.hash("not the log".getBytes(StandardCharsets.UTF_8)))),
                honest.checkpoint());
        BlockCommitted laterCheckpoint = withLog(honest, honest.logFrontier(),
                ledger.block(1, ledger.added(uniqueId("someone"), uniqueId("clinician"), uniqueId("rec"))).checkpoint());

        String forgedValue = publish(forgedFrontier);
        String laterValue = publish(laterCheckpoint);

        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, forgedValue::equals).get(Topics.REASON_HEADER))
                .contains("block 1/1", "the checkpoint's root of shard 1", "logFrontier and transactions give");
        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, laterValue::equals).get(Topics.REASON_HEADER))
                .contains("the checkpoint states shard 1 at size 3 but the block ends the shard's log at size 2");
        assertThat(statusOf(held, ours.id()).get("status").asString()).isEqualTo("PENDING");
        assertThat(storedReceipt(ours.id())).isNull();
    }

    @Test
    void blockOrCheckpointSignedByAnUntrustedKeyIsDeadLetteredWhenLedgerKeysAreConfigured() throws Exception {
        Held held = holdConsentRevocations();
        Transaction ours = revocation(held);
        var impostorKey = Ed25519.SigningKey.generate();
        BlockCommitted honest = new TestLedger(LEDGER_KEY).block(0, ours);
        Checkpoint stated = Checkpoint.parse(honest.checkpoint());
        BlockCommitted impostorCheckpoint = withLog(honest, honest.logFrontier(),
                new Checkpoint(stated.origin(), stated.shards()).sign(impostorKey));

        String impostorBlockValue = publish(new TestLedger(impostorKey).block(0, ours));
        String impostorCheckpointValue = publish(impostorCheckpoint);

        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, impostorBlockValue::equals).get(Topics.REASON_HEADER))
                .startsWith("SignatureInvalid: signature of " + impostorKey.verifyingKey().keyId() + " on block 0 (shard 0)");
        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, impostorCheckpointValue::equals).get(Topics.REASON_HEADER))
                .contains("block 0/0: the checkpoint is not signed by a trusted ledger key");
        assertThat(statusOf(held, ours.id()).get("status").asString()).isEqualTo("PENDING");
        assertThat(storedReceipt(ours.id())).isNull();
    }

    @Test
    void redeliveredBlockStoresTheSameReceiptOnce() throws Exception {
        Held held = holdConsentRevocations();
        Transaction first = revocation(held);
        Transaction second = revocation(held);
        var ledger = new TestLedger(LEDGER_KEY);
        BlockCommitted block = ledger.block(0, first);

        String value = publish(block);
        JsonNode committed = awaitCommitted(held, first.id());
        String stored = storedReceipt(first.id());
        LEDGER.publish(Topics.LEDGER_BLOCKS, "0", value);
        // a later block of the same shard (same partition) shows the redelivery was consumed
        publish(ledger.block(0, second));
        awaitCommitted(held, second.id());

        assertThat(storedReceipt(first.id())).isEqualTo(stored);
        assertThat(count("SELECT count(*) FROM transactions WHERE id = :id", Map.of("id", first.id()))).isEqualTo(1);
        JsonNode again = statusOf(held, first.id());
        assertThat(again).isEqualTo(committed);
        Receipt receipt = Receipt.parse(json.writeValueAsBytes(again.get("receipt")));
        assertThat(receipt.checkpoint()).isEqualTo(block.checkpoint());
        receipt.verify(List.of(LEDGER_KEY.verifyingKey()));
    }

    @Test
    void blockFromALedgerWithoutCheckpointsCommitsWithoutAReceipt() throws Exception {
        Held held = holdConsentRevocations();
        Transaction ours = revocation(held);
        BlockCommitted full = new TestLedger(LEDGER_KEY).block(1, ours);

        publish(new BlockCommitted(full.header(), full.blockHash(), full.signer(), full.signature(), full.transactions()));

        JsonNode status = awaitCommitted(held, ours.id());
        assertThat(status.get("receipt").isNull()).isTrue();
        assertThat(storedReceipt(ours.id())).isNull();
    }

    /** A patient whose consent revocations the stand-in ledger never answers, so the test commits them by hand. */
    private record Held(String patient, String token) {
    }

    private Held holdConsentRevocations() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.CONSENT_REVOKED && patient.equals(tx.patientId()));
        return new Held(patient, token(patient, Role.PATIENT));
    }

    /** Submits a consent revocation for the held patient; returns the transaction as the stand-in ledger received it. */
    private Transaction revocation(Held held) throws Exception {
        var response = send("DELETE", "/api/patients/" + held.patient() + "/consents/" + uniqueId("consent"), held.token(),
                null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = jsonOf(response).get("transactionId").asString();
        return await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(tx -> tx.id().equals(id)).findFirst().orElse(null), tx -> tx != null);
    }

    private static BlockCommitted withLog(BlockCommitted block, List<String> logFrontier, String checkpoint) {
        return new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(), block.transactions(),
                logFrontier, checkpoint);
    }

    private String publish(BlockCommitted block) {
        String value = json.writeValueAsString(block);
        LEDGER.publish(Topics.LEDGER_BLOCKS, Integer.toString(block.header().shard()), value);
        return value;
    }

    private JsonNode statusOf(Held held, String id) throws Exception {
        return jsonOf(send("GET", "/api/transactions/" + id, held.token(), null, null));
    }

    private JsonNode awaitCommitted(Held held, String id) {
        return await().atMost(PATIENCE).until(() -> statusOf(held, id), status -> "COMMITTED".equals(status.get("status").asString()));
    }

    private String storedReceipt(String id) {
        List<String> receipts = jdbc.sql("SELECT receipt FROM transactions WHERE id = :id").param("id", id)
                .query((rs, row) -> rs.getString("receipt")).list();
        assertThat(receipts).hasSize(1);
        return receipts.getFirst();
    }
}
