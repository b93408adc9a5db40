package health.datasafe.ledger.block;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.ledger.intake.AcceptedTransaction;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's transactions read but not yet committed, in offset order: those of its open epoch, and the epochs it
 * has reached (read their {@link EpochEnded}) that are not complete in every shard yet. An epoch end whose epoch is
 * not above the last one the shard reached is stale and ends nothing.
 */
final class ShardQueue {

    /** Transactions of one shard in one epoch, its end's time, and the offset after that end. */
    record EpochPart(long epoch, Instant endedAt, List<AcceptedTransaction> transactions, long nextOffset) {
    }

    private final int shard;
    private final ArrayDeque<EpochPart> reached = new ArrayDeque<>();
    private List<AcceptedTransaction> open = new ArrayList<>();
    private final Map<String, String> pendingHashes = new HashMap<>();
    private long lastEpoch;

    /** @param lastEpoch the last epoch completed in every shard: ends up to it are stale */
    ShardQueue(int shard, long lastEpoch) {
        this.shard = shard;
        this.lastEpoch = lastEpoch;
    }

    int shard() {
        return shard;
    }

    /**
     * Adds the transaction to the open epoch. Answers false, adding nothing, when the open epoch already holds
     * {@link EpochEnded#MAX_TRANSACTIONS}; a second transaction with a pending id is a redelivery and is dropped.
     */
    boolean add(AcceptedTransaction transaction) {
        if (open.size() >= EpochEnded.MAX_TRANSACTIONS) {
            return false;
        }
        if (pendingHashes.putIfAbsent(transaction.id(), transaction.txHash()) == null) {
            open.add(transaction);
        }
        return true;
    }

    /** The tx hash of the pending transaction with this id, or null if none is pending. */
    String pendingHash(String txId) {
        return pendingHashes.get(txId);
    }

    /**
     * The shard reached the end of {@code epoch} at {@code offset}: its open transactions belong to that epoch. Answers
     * false, changing nothing, when the end is stale.
     */
    boolean end(long epoch, Instant endedAt, long offset) {
        if (epoch <= lastEpoch) {
            return false;
        }
        lastEpoch = epoch;
        reached.addLast(new EpochPart(epoch, endedAt, List.copyOf(open), offset + 1));
        open = new ArrayList<>();
        return true;
    }

    /** How many reached epochs wait for the other shards. */
    int waiting() {
        return reached.size();
    }

    /** The first reached epoch waiting for the other shards, or Long.MAX_VALUE if none. */
    long firstReached() {
        return reached.isEmpty() ? Long.MAX_VALUE : reached.peekFirst().epoch();
    }

    /** Removes the first reached epoch's part: its epoch is complete. */
    EpochPart takeFirst() {
        EpochPart part = reached.removeFirst();
        part.transactions().forEach(tx -> pendingHashes.remove(tx.id()));
        return part;
    }
}
