package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores a signed transaction as PENDING and publishes it as {@link TransactionSubmitted} on
 * {@link Topics#TX_SUBMITTED}, keyed by its partition key. The row is committed before the message is sent, so an
 * outcome can never arrive for a transaction the database does not know yet; the exact message is kept with it, so
 * what is published again (after a crash, or for a redelivered trigger) is byte for byte what was signed.
 */
@Component
class Submitter {

    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    private static final long SEND_TIMEOUT_SECONDS = 10;
    /** A row older than this and still unpublished was left behind by a stopped process. */
    private static final long ABANDONED_AFTER_SECONDS = 30;

    private final TransactionStore store;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final PublishedMarks marks;

    Submitter(TransactionStore store, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
              TransactionTemplate transactions, PublishedMarks marks) {
        this.store = store;
        this.marks = marks;
        this.kafka = kafka;
        this.json = json;
        this.transactions = transactions;
    }

    /**
     * Submits a new transaction, storing {@code alongside} in the same database transaction as its row (a row that
     * references the transaction and is deleted with it if publishing fails); throws {@link LedgerUnreachable} (and
     * keeps nothing) if it cannot be published.
     */
    void submit(Transaction tx, Runnable alongside) {
        String message = json.writeValueAsString(new TransactionSubmitted(tx));
        transactions.executeWithoutResult(status -> {
            if (!store.insertPending(tx, message, Transactions.hash(tx))) {
                throw new IllegalStateException("transaction id " + tx.id() + " is already taken");
            }
            alongside.run();
        });
        try {
            publish(tx.partitionKey(), message);
        } catch (RuntimeException e) {
            transactions.executeWithoutResult(status -> store.delete(tx.id()));
            throw new LedgerUnreachable(tx.id(), e);
        }
        // it is published: a mark that fails to be written must not deny a transaction that will be committed (the
        // relay publishes it again later; the validator and the ledger take a transaction id once)
        marks.published(tx.id(), Instant.now());
    }

    /**
     * Submits a transaction whose id is derived from what triggered it: stored if no transaction has that id yet,
     * published unless it was published before. A redelivered trigger therefore publishes nothing new.
     */
    void submitOnce(Transaction tx) {
        store.insertPending(tx, json.writeValueAsString(new TransactionSubmitted(tx)), Transactions.hash(tx));
        store.unpublished(tx.id()).ifPresent(row -> {
            publish(row.partitionKey(), row.message());
            store.markPublished(row.id());
        });
    }

    /** Publishes what a stopped process stored but never published. */
    @Scheduled(initialDelayString = "${dsh.outbox.relay-interval-ms:15000}", fixedDelayString = "${dsh.outbox.relay-interval-ms:15000}")
    void publishAbandoned() {
        for (var row : store.unpublishedOlderThan(ABANDONED_AFTER_SECONDS)) {
            try {
                publish(row.partitionKey(), row.message());
                store.markPublished(row.id());
                log.info("Published transaction {} left unpublished by an earlier run", row.id());
            } catch (RuntimeException e) {
                log.warn("Still cannot publish transaction {}: {}", row.id(), e.getMessage());
                return;
            }
        }
    }

    private void publish(String key, String message) {
        try {
            kafka.send(Topics.TX_SUBMITTED, key, message.getBytes(StandardCharsets.UTF_8)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a transaction", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + Topics.TX_SUBMITTED + ": " + e.getMessage(), e);
        }
    }
}
