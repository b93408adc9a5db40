package health.datasafe.ledger.block;

import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.intake.AcceptedTransaction;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ShardQueueTest {

    private static final TestInitiator INITIATOR = new TestInitiator();
    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(100);

    private static AcceptedTransaction accepted(Transaction tx, long offset, long receivedNanos) {
        return new AcceptedTransaction(0, offset, tx, Transactions.hash(tx), Transactions.canonical(tx), receivedNanos);
    }

    @Test
    void isDueWhenFullOrWhenTheOldestHasWaitedLongEnough() {
        var queue = new ShardQueue(0, -1);
        assertThat(queue.due(2, WAIT, 0)).isFalse();
        queue.add(accepted(INITIATOR.recordAccessed("p"), 0, 0));
        assertThat(queue.due(2, WAIT, WAIT - 1)).isFalse();
        assertThat(queue.due(2, WAIT, WAIT)).isTrue();
        assertThat(queue.deadline(WAIT)).isEqualTo(WAIT);
        queue.add(accepted(INITIATOR.recordAccessed("p"), 1, 5));
        assertThat(queue.due(2, WAIT, 1)).isTrue();
    }

    @Test
    void theStoredOffsetNeverPassesAPendingTransaction() {
        var queue = new ShardQueue(0, 10);
        queue.add(accepted(INITIATOR.recordAccessed("p"), 10, 0));
        queue.read(10);
        queue.read(11); // refused
        queue.add(accepted(INITIATOR.recordAccessed("p"), 12, 0));
        queue.read(12);
        assertThat(queue.offsetBehind()).isFalse();

        assertThat(queue.take(1)).extracting(AcceptedTransaction::offset).containsExactly(10L);
        assertThat(queue.resumeOffset()).isEqualTo(12);
        assertThat(queue.take(5)).extracting(AcceptedTransaction::offset).containsExactly(12L);
        assertThat(queue.resumeOffset()).isEqualTo(13);
        assertThat(queue.offsetBehind()).isTrue();
        queue.stored(13);
        assertThat(queue.offsetBehind()).isFalse();
    }

    @Test
    void aTransactionAlreadyPendingIsQueuedOnce() {
        var queue = new ShardQueue(0, -1);
        Transaction tx = INITIATOR.recordAccessed("p");
        queue.add(accepted(tx, 0, 0));
        queue.add(accepted(tx, 1, 0));
        queue.read(1);
        assertThat(queue.take(10)).hasSize(1);
        assertThat(queue.resumeOffset()).isEqualTo(2);
        // once taken, a later delivery is queued again (the database check catches it)
        queue.add(accepted(tx, 2, 0));
        assertThat(queue.take(10)).hasSize(1);
    }
}
