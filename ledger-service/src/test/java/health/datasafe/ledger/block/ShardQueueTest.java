package health.datasafe.ledger.block;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.intake.AcceptedTransaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ShardQueueTest {

    private static final TestInitiator INITIATOR = new TestInitiator();
    private static final Instant T1 = Instant.parse("2026-12-02T10:00:00.001Z");
    private static final Instant T2 = Instant.parse("2026-12-02T10:00:00.002Z");

    private static AcceptedTransaction accepted(Transaction tx, long offset) {
        return new AcceptedTransaction(0, offset, tx, Transactions.hash(tx), Transactions.canonical(tx));
    }

    @Test
    void anEpochEndClosesTheTransactionsReadSinceThePreviousEnd() {
        var queue = new ShardQueue(0, 0);
        var first = accepted(INITIATOR.recordAccessed("p"), 0);
        var second = accepted(INITIATOR.recordAccessed("p"), 1);
        queue.add(first);
        queue.add(second);
        assertThat(queue.waiting()).isZero();
        assertThat(queue.firstReached()).isEqualTo(Long.MAX_VALUE);

        assertThat(queue.end(7, T1, 2)).isTrue();
        var third = accepted(INITIATOR.recordAccessed("p"), 3);
        queue.add(third);
        assertThat(queue.end(9, T2, 4)).isTrue();

        assertThat(queue.waiting()).isEqualTo(2);
        assertThat(queue.firstReached()).isEqualTo(7);
        assertThat(queue.takeFirst()).isEqualTo(new ShardQueue.EpochPart(7, T1, java.util.List.of(first, second), 3));
        assertThat(queue.takeFirst()).isEqualTo(new ShardQueue.EpochPart(9, T2, java.util.List.of(third), 5));
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void anEpochEndNotAboveTheLastOneReachedIsStaleAndEndsNothing() {
        var queue = new ShardQueue(0, 5);
        var tx = accepted(INITIATOR.recordAccessed("p"), 0);
        queue.add(tx);

        assertThat(queue.end(5, T1, 1)).isFalse();
        assertThat(queue.end(3, T1, 2)).isFalse();
        assertThat(queue.waiting()).isZero();
        assertThat(queue.end(8, T2, 3)).isTrue();
        assertThat(queue.end(8, T2, 4)).isFalse();
        assertThat(queue.takeFirst().transactions()).containsExactly(tx);
    }

    @Test
    void aTransactionPendingTwiceIsQueuedOnceUntilItsEpochIsTaken() {
        var queue = new ShardQueue(0, 0);
        var tx = accepted(INITIATOR.recordAccessed("p"), 0);
        queue.add(tx);
        queue.add(accepted(tx.transaction(), 1));
        assertThat(queue.pendingHash(tx.id())).isEqualTo(tx.txHash());

        queue.end(1, T1, 2);
        assertThat(queue.pendingHash(tx.id())).isEqualTo(tx.txHash());
        assertThat(queue.takeFirst().transactions()).containsExactly(tx);
        assertThat(queue.pendingHash(tx.id())).isNull();
    }

    @Test
    void anOpenEpochHoldsAtMostTheMaximumOfTransactions() {
        var queue = new ShardQueue(0, 0);
        Transaction tx = INITIATOR.recordAccessed("p");
        String hash = Transactions.hash(tx);
        byte[] canonical = Transactions.canonical(tx);
        for (int i = 0; i < EpochEnded.MAX_TRANSACTIONS; i++) {
            // distinct ids are all that counts here
            var copy = new Transaction("id-" + i, tx.type(), tx.patientId(), tx.actorId(), tx.payloadHash(),
                    tx.metadata(), tx.submittedAt(), tx.initiator(), tx.signature());
            assertThat(queue.add(new AcceptedTransaction(0, i, copy, hash, canonical))).isTrue();
        }

        assertThat(queue.add(accepted(INITIATOR.recordAccessed("p"), EpochEnded.MAX_TRANSACTIONS))).isFalse();
        queue.end(1, T1, EpochEnded.MAX_TRANSACTIONS + 1);
        assertThat(queue.takeFirst().transactions()).hasSize(EpochEnded.MAX_TRANSACTIONS);
    }
}
