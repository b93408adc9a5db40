package health.datasafe.ledger.block;

import health.datasafe.ledger.intake.AcceptedTransaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's pending transactions, in offset order, and where its partition stands: the next offset after the last
 * record read, and the offset stored in the database. The stored offset never passes a pending transaction.
 */
final class ShardQueue {

    private final int shard;
    private final ArrayDeque<AcceptedTransaction> pending = new ArrayDeque<>();
    private final Map<String, String> pendingHashes = new HashMap<>();
    private long nextOffset;
    private long storedOffset;

    /** @param storedOffset the offset stored for the partition, or -1 if none is */
    ShardQueue(int shard, long storedOffset) {
        this.shard = shard;
        this.storedOffset = storedOffset;
        this.nextOffset = storedOffset;
    }

    int shard() {
        return shard;
    }

    /** Queues the transaction unless one with its id is already pending (a redelivery within one batch). */
    void add(AcceptedTransaction transaction) {
        if (pendingHashes.putIfAbsent(transaction.id(), transaction.txHash()) == null) {
            pending.addLast(transaction);
        }
    }

    /** The tx hash of the pending transaction with this id, or null if none is pending. */
    String pendingHash(String txId) {
        return pendingHashes.get(txId);
    }

    /** The record at {@code offset} was read, whatever became of it. */
    void read(long offset) {
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    boolean due(int maxTransactions, long maxWaitNanos, long nowNanos) {
        return pending.size() >= maxTransactions
                || (!pending.isEmpty() && nowNanos - pending.peekFirst().receivedNanos() >= maxWaitNanos);
    }

    /** When the oldest pending transaction falls due, in {@link System#nanoTime()} terms; Long.MAX_VALUE if none. */
    long deadline(long maxWaitNanos) {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.peekFirst().receivedNanos() + maxWaitNanos;
    }

    /** Removes and answers up to {@code max} of the oldest pending transactions. */
    List<AcceptedTransaction> take(int max) {
        var taken = new ArrayList<AcceptedTransaction>(Math.min(max, pending.size()));
        while (taken.size() < max && !pending.isEmpty()) {
            AcceptedTransaction tx = pending.removeFirst();
            pendingHashes.remove(tx.id());
            taken.add(tx);
        }
        return taken;
    }

    /** The offset the partition may resume from now: the first pending transaction's, or past everything read. */
    long resumeOffset() {
        return pending.isEmpty() ? nextOffset : pending.peekFirst().offset();
    }

    /** Whether records were read past the stored offset with nothing pending to hold the offset back. */
    boolean offsetBehind() {
        return pending.isEmpty() && nextOffset > storedOffset;
    }

    void stored(long offset) {
        storedOffset = offset;
    }
}
