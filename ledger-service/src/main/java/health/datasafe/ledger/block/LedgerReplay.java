package health.datasafe.ledger.block;

import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.ledger.intake.Intake;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds a ledger by replay: reads {@link Topics#TX_VALIDATED} from the beginning (or from where an earlier replay
 * into the same schema stopped) up to where each partition ended when the replay began, into a (migrated) ledger
 * schema, cutting and committing blocks exactly as the
 * committer does ({@link BlockCutter}). Nothing is announced and nothing dead-lettered (the first reading did both);
 * records that can never be committed are only counted. Blocks being a function of the log, the rebuilt ledger holds
 * byte for byte what a node with this key committed from the same records.
 */
@Component
public class LedgerReplay {

    private static final Logger log = LoggerFactory.getLogger(LedgerReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "ledger-replay";

    private final ConsumerFactory<String, byte[]> consumers;
    private final Intake intake;
    private final NodeKey key;

    LedgerReplay(ConsumerFactory<String, byte[]> consumers, Intake intake, NodeKey key) {
        this.consumers = consumers;
        this.intake = intake;
        this.key = key;
    }

    /** What a finished replay did. */
    public record Replayed(long recordsReplayed, long recordsRefused, long blocks, long transactions) {
    }

    /**
     * Replays into the ledger schema {@code target} points at, which must be empty or filled by an earlier replay (it
     * then goes on from where that one stopped, e.g. to catch up with records that arrived meanwhile); tells
     * {@code progress} after every poll, counting from the beginning of the topic.
     */
    public Replayed replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        var jdbc = new JdbcTemplate(target);
        var store = new LedgerStore(jdbc, new DataSourceTransactionManager(target), new MerkleNodeStore(jdbc));
        store.pinGenesis(key);
        var refused = new AtomicLong();
        long blocks = 0;
        long transactions = 0;
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.TX_VALIDATED, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException(Topics.TX_VALIDATED + " has no partitions");
            }
            BlockCutter cutter = BlockCutter.resume(consumer, partitions, intake, store, key,
                    (record, reason) -> refused.incrementAndGet());
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(consumer.assignment());
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            log.info("Replaying {} records of {} into an empty ledger", total, Topics.TX_VALIDATED);
            while (!finished(consumer, end)) {
                for (SealedBlock block : cutter.cut(consumer.poll(POLL_TIMEOUT))) {
                    blocks++;
                    transactions += block.header().txCount();
                }
                progress.accept(new Replay.Progress(replayed(consumer, begin, end), total));
            }
            long replayed = replayed(consumer, begin, end);
            log.info("Replayed {} records of {}: {} blocks, {} transactions, {} records refused", replayed,
                    Topics.TX_VALIDATED, blocks, transactions, refused.get());
            return new Replayed(replayed, refused.get(), blocks, transactions);
        }
    }

    /**
     * Checks a ledger rebuilt into {@code target} against a checkpoint (whose signature the caller verified): every
     * shard's rebuilt log reaches the size the checkpoint states, with the same root at that size. Throws
     * {@link RebuiltLogDiffers} for the first shard that does not.
     */
    public void confirm(DataSource target, Checkpoint checkpoint) {
        var jdbc = new JdbcTemplate(target);
        var nodes = new MerkleNodeStore(jdbc);
        for (Checkpoint.ShardLog stated : checkpoint.shards()) {
            int shard = stated.shard();
            long size = stated.size();
            long rebuilt = jdbc.queryForObject("SELECT coalesce(max(log_size), 0) FROM block WHERE shard = ?", Long.class,
                    shard);
            if (rebuilt < size) {
                throw new RebuiltLogDiffers(shard, -1, size, stated.root(), rebuilt + " transactions");
            }
            String root = size == 0 ? Hex.of(MerkleTree.emptyRoot())
                    : Hex.of(MerkleTree.root(size, MerkleNodeStore.source(shard,
                    nodes.read(shard, MerkleProofs.rootNodes(size)))));
            if (!root.equals(stated.root())) {
                long height = jdbc.queryForObject("SELECT min(height) FROM block WHERE shard = ? AND log_size >= ?",
                        Long.class, shard, size);
                throw new RebuiltLogDiffers(shard, height, size, stated.root(), root);
            }
        }
    }

    /**
     * Every partition read to its end, or paused: waiting with epochs the others did not reach by their end, which
     * therefore cannot complete within what is replayed.
     */
    private static boolean finished(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        var paused = consumer.paused();
        return end.entrySet().stream().allMatch(e -> paused.contains(e.getKey())
                || consumer.position(e.getKey()) >= e.getValue());
    }

    private static long replayed(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> begin,
                                 Map<TopicPartition, Long> end) {
        return end.keySet().stream()
                .mapToLong(p -> Math.min(consumer.position(p), end.get(p)) - begin.get(p)).sum();
    }
}
