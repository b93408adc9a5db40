package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.recovery.RecoveryServiceTestBase;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.Poison;
import health.datasafe.devsupport.TestLedger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WitnessIntegrationTest extends RecoveryServiceTestBase {

    private final TestLedger ledger = new TestLedger(LEDGER_KEY);

    @Test
    void publishedBlocksBuildTheWitnessChain() throws Exception {
        int shard = newShard();
        var first = ledger.block(shard, read("p1"), read("p2"));
        var second = ledger.block(shard, read("p1"));
        var third = ledger.block(shard, read("p3"), read("p1"), read("p2"));
        commit(first);
        commit(second);
        commit(third);

        var tip = awaitWitnessed(shard, 2);

        assertThat(tip.get("height").asLong()).isEqualTo(2);
        assertThat(tip.get("blockHash").asString()).isEqualTo(third.blockHash());
        assertThat(incidents(shard)).isEmpty();
    }

    @Test
    void redeliveredBlocksChangeNothing() throws Exception {
        int shard = newShard();
        var first = ledger.block(shard, read("p1"));
        var second = ledger.block(shard, read("p2"));
        commit(first);
        commit(second);
        deliver(first);
        deliver(second);
        // a later block of the same shard (same partition) is seen only after both copies were consumed
        var third = ledger.block(shard, read("p3"));
        commit(third);

        var tip = awaitWitnessed(shard, 2);

        assertThat(tip.get("blockHash").asString()).isEqualTo(third.blockHash());
        assertThat(incidents(shard)).isEmpty();
    }

    @Test
    void blockWhoseTransactionWasAlteredAfterSigningBecomesAnIncident() throws Exception {
        int shard = newShard();
        var first = ledger.block(shard, read("p1"));
        var second = ledger.block(shard, read("p1"), read("p2"));
        commit(first);
        awaitWitnessed(shard, 0);
        Transaction original = second.transactions().get(1).transaction();
        Transaction altered = new Transaction(original.id(), original.type(), original.patientId(), "someone-else",
                original.payloadHash(), original.metadata(), original.submittedAt(), original.initiator(),
                original.signature());
        var transactions = new ArrayList<>(second.transactions());
        transactions.set(1, new CommittedTransaction(altered, second.transactions().get(1).txHash(), 2));
        var tampered = new BlockCommitted(second.header(), second.blockHash(), second.signer(), second.signature(),
                List.copyOf(transactions));
        deliver(tampered);

        var incident = awaitIncident(shard, 1);

        assertThat(incident.get("failure").asString()).isEqualTo("TransactionHashMismatch");
        assertThat(incident.get("expected").asString()).isEqualTo(second.transactions().get(1).txHash());
        assertThat(incident.get("actual").asString()).isEqualTo(Transactions.hash(altered));
        assertThat(incident.get("detail").asString()).contains("block 1");
        assertThat(witnessTip(shard).orElseThrow().get("height").asLong()).isZero();
        var deadLettered = awaitDeadLetter(value -> value.contains("someone-else") && value.contains(original.id()));
        assertThat(deadLettered.get(Topics.REASON_HEADER)).contains("TransactionHashMismatch");

        ledgerApi.commit(second);
        deliver(second);
        assertThat(awaitWitnessed(shard, 1).get("blockHash").asString()).isEqualTo(second.blockHash());
        assertThat(incidents(shard)).hasSize(1);
    }

    @Test
    void blockSignedByAnUntrustedKeyBecomesAnIncident() throws Exception {
        int shard = newShard();
        var impostorKey = Ed25519.SigningKey.generate();
        var block = new TestLedger(impostorKey).block(shard, read("p1"));
        deliver(block);

        var incident = awaitIncident(shard, 0);

        assertThat(incident.get("failure").asString()).isEqualTo("SignatureInvalid");
        assertThat(incident.get("actual").asString()).isEqualTo(impostorKey.verifyingKey().keyId());
        assertThat(incident.get("expected").asString()).isEqualTo(LEDGER_KEY.verifyingKey().keyId());
        assertThat(witnessTip(shard)).isEmpty();
    }

    @Test
    void blockNotLinkedToTheWitnessedChainBecomesAnIncident() throws Exception {
        int shard = newShard();
        var witnessedFirst = ledger.block(shard, read("p1"));
        commit(witnessedFirst);
        awaitWitnessed(shard, 0);
        var fork = new TestLedger(LEDGER_KEY);
        var forkFirst = fork.block(shard, read("p9"));
        var forkSecond = fork.block(shard, read("p9"));
        deliver(forkSecond);

        var incident = awaitIncident(shard, 1);

        assertThat(incident.get("failure").asString()).isEqualTo("ChainBroken");
        assertThat(incident.get("expected").asString()).isEqualTo(witnessedFirst.blockHash());
        assertThat(incident.get("actual").asString()).isEqualTo(forkFirst.blockHash());
    }

    @Test
    void differentBlockForAWitnessedHeightIsAConflict() throws Exception {
        int shard = newShard();
        var witnessed = ledger.block(shard, read("p1"));
        commit(witnessed);
        awaitWitnessed(shard, 0);
        var rival = new TestLedger(LEDGER_KEY).block(shard, read("p2"));
        deliver(rival);

        var incident = awaitIncident(shard, 0);

        assertThat(incident.get("failure").asString()).isEqualTo("WitnessConflict");
        assertThat(incident.get("expected").asString()).isEqualTo(witnessed.blockHash());
        assertThat(incident.get("actual").asString()).isEqualTo(rival.blockHash());
        assertThat(witnessTip(shard).orElseThrow().get("blockHash").asString()).isEqualTo(witnessed.blockHash());
    }

    @Test
    void everyPoisonedRecordGoesToTheDeadLetterTopicAndTheShardsNextBlockIsWitnessed() throws Exception {
        int shard = newShard();
        var poisons = Poison.around(json.writeValueAsString(new TestLedger().block(shard, read("p1"))));
        for (Poison poison : poisons) {
            kafka.send(Topics.LEDGER_BLOCKS, Integer.toString(shard), poison.value()).get(10, TimeUnit.SECONDS);
        }
        var block = ledger.block(shard, read("p1"));
        commit(block);

        assertThat(awaitWitnessed(shard, 0).get("blockHash").asString()).isEqualTo(block.blockHash());
        var refused = new DeadLetterTopic(Topics.LEDGER_BLOCKS).awaitAll(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(refused.get(i).reason()).as(poisons.get(i).name()).startsWith("not a BlockCommitted");
        }
        assertThat(incidents(shard)).isEmpty();
    }

    private Transaction read(String patientId) {
        return ledger.accessed(patientId + "-" + UUID.randomUUID().toString().substring(0, 6), "clinician-1", "rec-1",
                Purpose.TREATMENT);
    }
}
