package health.datasafe.ledger.block;

import health.datasafe.contracts.Topics;
import health.datasafe.ledger.intake.Intake;
import health.datasafe.kit.kafka.DeadLetters;
import health.datasafe.ledger.fork.ForkWatch;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The committing transaction. One thread with a plain Kafka consumer that is assigned every partition of
 * {@link Topics#TX_VALIDATED} (each partition is a shard) and resumes where the database stands; a
 * {@link BlockCutter} cuts and commits blocks where the log's epoch ends say, dead-lettering what can never be
 * committed; committed blocks are then announced on {@link Topics#LEDGER_BLOCKS} and their checkpoints on
 * {@link Topics#LEDGER_CHECKPOINTS} while the next poll goes on.
 *
 * <p>On any failure the consumer is closed, everything in memory dropped, and the work starts over from what the
 * database holds: nothing is lost and nothing is committed twice.
 */
@Component
public class BlockCommitter implements SmartLifecycle {

    static final String TOPIC = Topics.TX_VALIDATED;
    private static final Logger log = LoggerFactory.getLogger(BlockCommitter.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Blocks whose announcement may wait for the broker's answer while the committer reads on. */
    static final int MAX_UNSETTLED_BLOCKS = 1_000;

    private final ConsumerFactory<String, byte[]> consumers;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final LedgerStore store;
    private final BlockPublisher publisher;
    private final NodeKey key;
    private final ForkWatch forks;
    private final Object pause = new Object();

    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    BlockCommitter(ConsumerFactory<String, byte[]> consumers, Intake intake, DeadLetters deadLetters, LedgerStore store,
                   BlockPublisher publisher, NodeKey key, ForkWatch forks) {
        this.consumers = consumers;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.store = store;
        this.publisher = publisher;
        this.key = key;
        this.forks = forks;
        store.pinGenesis(key);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "ledger-committer");
        thread.start();
    }

    /** Finishes the block in progress, if any, and returns once the consumer is closed. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The ledger committer did not stop within {}", STOP_TIMEOUT);
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> current = consumers.createConsumer()) {
                consumer = current;
                if (running) {
                    session(current);
                }
            } catch (WakeupException stopping) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (running) {
                    log.error("The ledger committer failed; starting over from the stored offsets in {}", RETRY_AFTER, e);
                    pause(RETRY_AFTER);
                }
            } finally {
                consumer = null;
            }
        }
        log.info("The ledger committer stopped");
    }

    /**
     * From the database's state to the end: resume, then poll, cut, commit and publish. Publishing overlaps the next
     * poll: a committed epoch's blocks are handed to the producer right after their database transaction, and the loop
     * goes on reading and committing while the broker acknowledges; acknowledged announcements are marked published
     * (oldest first) once answered, or at the latest when more than {@value #MAX_UNSETTLED_BLOCKS} blocks wait for an
     * answer. Nothing else waits for an acknowledgement: a block is never announced before its commit, and one whose
     * announcement fails, or is still unanswered when the node stops or the session fails, stays unpublished in the
     * database; after a failure the committer waits for every announcement under way, then announces all those
     * again from the database, oldest first, before it sends anything newer (as the next start does).
     */
    private void session(Consumer<String, byte[]> current) {
        boolean backlog = !publisher.publishBacklog();
        BlockCutter cutter = BlockCutter.resume(current, partitions(current), intake, store, key, deadLetters::send);
        var unsettled = new ArrayDeque<BlockPublisher.Sending>();
        while (running) {
            List<SealedBlock> committed = cutter.cut(current.poll(POLL_TIMEOUT));
            forks.checkCommitted(committed.stream().map(SealedBlock::header).toList());
            if (backlog) {
                boolean settled = settle(unsettled, true);
                backlog = !(publisher.publishBacklog() && settled);
                continue;
            }
            if (!committed.isEmpty()) {
                unsettled.addLast(publisher.send(committed.stream().map(SealedBlock::event).toList(),
                        committed.stream().map(SealedBlock::checkpoint).toList()));
            }
            backlog = !settle(unsettled, false);
        }
        settle(unsettled, false);
    }

    /**
     * Marks published what the broker acknowledged: the oldest sendings that are answered, and, waiting for them, as
     * many more as keep at most {@value #MAX_UNSETTLED_BLOCKS} blocks unanswered ({@code all}: every sending). True if
     * none of them failed.
     */
    private boolean settle(ArrayDeque<BlockPublisher.Sending> unsettled, boolean all) {
        int waiting = unsettled.stream().mapToInt(BlockPublisher.Sending::blockCount).sum();
        var due = new ArrayList<BlockPublisher.Sending>();
        while (!unsettled.isEmpty()
                && (all || waiting > MAX_UNSETTLED_BLOCKS || unsettled.peekFirst().answered())) {
            BlockPublisher.Sending sending = unsettled.removeFirst();
            waiting -= sending.blockCount();
            due.add(sending);
        }
        return due.isEmpty() || publisher.settle(due);
    }

    private List<PartitionInfo> partitions(Consumer<String, byte[]> current) {
        while (running) {
            List<PartitionInfo> infos = current.partitionsFor(TOPIC, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
            log.warn("Topic {} has no partitions yet; asking again in {}", TOPIC, RETRY_AFTER);
            pause(RETRY_AFTER);
        }
        throw new WakeupException();
    }

    private void pause(Duration duration) {
        synchronized (pause) {
            if (!running) {
                return;
            }
            try {
                pause.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
