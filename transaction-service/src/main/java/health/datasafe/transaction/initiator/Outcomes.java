package health.datasafe.transaction.initiator;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a request wait for a transaction's outcome. Waiters are woken in memory by this instance's outcome consumers;
 * the database is checked after registering and again at the deadline, so an outcome that arrived just before the
 * wait began (or on another instance) is not missed.
 */
@Component
class Outcomes {

    private final TransactionStore store;
    private final CommitLatencyLimit limit;
    private final ConcurrentHashMap<String, Set<CompletableFuture<TrackedTransaction>>> waiting = new ConcurrentHashMap<>();

    Outcomes(TransactionStore store, CommitLatencyLimit limit) {
        this.store = store;
        this.limit = limit;
    }

    /**
     * The transaction once it is rejected or final (committed in a block a quorum of ledger nodes signed), or as it stands when {@code timeout} has passed (PENDING);
     * empty if no transaction with this id is known by then.
     */
    Optional<TrackedTransaction> await(String id, Duration timeout) {
        var future = new CompletableFuture<TrackedTransaction>();
        waiting.compute(id, (key, futures) -> {
            var set = futures == null ? ConcurrentHashMap.<CompletableFuture<TrackedTransaction>>newKeySet() : futures;
            set.add(future);
            return set;
        });
        try {
            Optional<TrackedTransaction> now = store.find(id);
            if (now.isPresent() && now.get().decided()) {
                return now;
            }
            if (timeout.isPositive()) {
                try {
                    return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    // fall through to the last look
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for transaction " + id, e);
                }
            }
            return store.find(id);
        } finally {
            waiting.computeIfPresent(id, (key, futures) -> {
                futures.remove(future);
                return futures.isEmpty() ? null : futures;
            });
        }
    }

    /** Wakes everyone waiting for this transaction; it is decided (rejected or final) in the database already. */
    void settled(TrackedTransaction transaction) {
        limit.settled(transaction.id());
        var futures = waiting.remove(transaction.id());
        if (futures != null) {
            futures.forEach(future -> future.complete(transaction));
        }
    }
}
