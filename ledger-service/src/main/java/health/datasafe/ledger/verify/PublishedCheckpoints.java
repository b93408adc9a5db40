package health.datasafe.ledger.verify;

import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.Topics;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.SignedNote;
import health.datasafe.ledger.merkle.MerkleNodeMissing;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks the stored ledger against the newest checkpoints this node published on {@link Topics#LEDGER_CHECKPOINTS}:
 * the topic, not the {@code checkpoint} table, because whoever deletes the newest blocks of a shard can delete their
 * checkpoints with them, and what is left then verifies as a shorter, valid ledger. The newest checkpoint this node
 * signed in every partition is read ({@link #newest}; assign and seek, no consumer group); each must verify with a key
 * this node accepts, and every shard's stored log must reach the size it states, with the same root at that size
 * (computed from the stored Merkle nodes). An empty topic has nothing to check.
 */
@Component
public class PublishedCheckpoints {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** How far back the newest checkpoint this node signed is looked for: several nodes' checkpoints per epoch. */
    static final int LOOKBACK = 1000;

    private final ConsumerFactory<?, ?> consumers;
    private final JsonMapper json;
    private final NodeKey key;
    private final MerkleNodeStore nodes;
    private final JdbcTemplate jdbc;

    PublishedCheckpoints(ConsumerFactory<?, ?> consumers, JsonMapper json, NodeKey key, MerkleNodeStore nodes,
                         JdbcTemplate jdbc) {
        this.consumers = consumers;
        this.json = json;
        this.key = key;
        this.nodes = nodes;
        this.jdbc = jdbc;
    }

    /** The first shard whose stored log falls short of, or differs from, a published checkpoint; empty if none. */
    Optional<Verification.Invalid> check() {
        for (CheckpointSigned published : newest()) {
            Checkpoint checkpoint;
            try {
                checkpoint = BundleVerifier.verifiedCheckpoint(published.note(), key.trustedKeys());
            } catch (CheckpointInvalid invalid) {
                return Optional.of(new Verification.Invalid(false, published.shard(), published.height(),
                        invalid.getClass().getSimpleName(), null, null, "the newest checkpoint on %s: %s"
                        .formatted(Topics.LEDGER_CHECKPOINTS, invalid.getMessage())));
            }
            for (Checkpoint.ShardLog log : checkpoint.shards()) {
                Optional<Verification.Invalid> failure = compare(log, published);
                if (failure.isPresent()) {
                    return failure;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Verification.Invalid> compare(Checkpoint.ShardLog published, CheckpointSigned from) {
        int shard = published.shard();
        long size = published.size();
        if (size == 0) {
            return Optional.empty();
        }
        Long stored = jdbc.queryForObject("SELECT max(log_size) FROM block WHERE shard = ?", Long.class, shard);
        long storedSize = stored == null ? 0 : stored;
        long storedHeight = jdbc.queryForObject("SELECT coalesce(max(height), -1) FROM block WHERE shard = ?",
                Long.class, shard);
        if (storedSize < size) {
            return Optional.of(new Verification.Invalid(false, shard, storedHeight + 1, "PublishedCheckpointNotReached",
                    Long.toString(size), Long.toString(storedSize),
                    ("the checkpoint published after block %d of shard %d states shard %d's log at size %d; the stored "
                            + "log has size %d (latest block %d): blocks were removed")
                            .formatted(from.height(), from.shard(), shard, size, storedSize, storedHeight)));
        }
        String root;
        try {
            root = Hex.of(MerkleTree.root(size, MerkleNodeStore.source(shard,
                    nodes.read(shard, MerkleProofs.rootNodes(size)))));
        } catch (MerkleNodeMissing missing) {
            root = "(nodes missing)";
        }
        if (!root.equals(published.root())) {
            Long height = jdbc.query("SELECT height FROM block WHERE shard = ? AND log_size = ?",
                    rs -> rs.next() ? rs.getLong(1) : null, shard, size);
            return Optional.of(new Verification.Invalid(false, shard, height == null ? -1 : height,
                    "PublishedCheckpointMismatch", published.root(), root,
                    "the checkpoint published after block %d of shard %d states shard %d's root at size %d as %s; the stored log gives %s"
                            .formatted(from.height(), from.shard(), shard, size, published.root(), root)));
        }
        return Optional.empty();
    }

    /**
     * The last CheckpointSigned of each partition of the checkpoint topic that names this node's origin and that this
     * node signed, among the last {@value #LOOKBACK} records of the partition: the other nodes of a genesis publish
     * theirs there too, and one that is ahead states sizes this node has not reached yet.
     */
    public List<CheckpointSigned> newest() {
        var properties = new Properties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "ledger-verify", null, properties)) {
            var partitions = consumer.partitionsFor(Topics.LEDGER_CHECKPOINTS, READ_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, READ_TIMEOUT);
            var waiting = new HashMap<TopicPartition, Long>();
            ends.forEach((partition, end) -> {
                if (end > starts.getOrDefault(partition, 0L)) {
                    consumer.seek(partition, Math.max(starts.getOrDefault(partition, 0L), end - LOOKBACK));
                    waiting.put(partition, end);
                } else {
                    consumer.pause(List.of(partition));
                }
            });
            var last = new HashMap<TopicPartition, CheckpointSigned>();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (!waiting.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(200))) {
                    CheckpointSigned signed = read((byte[]) record.value());
                    if (signed != null && key.origin().equals(signed.origin()) && signedByThisNode(signed.note())) {
                        last.put(new TopicPartition(record.topic(), record.partition()), signed);
                    }
                }
                // a partition is done once it is read to the end offset seen at the start
                waiting.keySet().removeIf(partition -> consumer.position(partition) >= waiting.get(partition));
            }
            if (!waiting.isEmpty()) {
                throw new CheckpointTopicUnreadable("the last records of partitions " + waiting.keySet()
                        + " were not read within " + READ_TIMEOUT);
            }
            return new ArrayList<>(last.values());
        } catch (KafkaException e) {
            throw new CheckpointTopicUnreadable(e.toString());
        }
    }

    private boolean signedByThisNode(String note) {
        try {
            SignedNote.verifiedText(note, key.signer(key.keyId()));
            return true;
        } catch (CheckpointInvalid notByThisNode) {
            return false;
        }
    }

    private CheckpointSigned read(byte[] value) {
        try {
            return value == null ? null : json.readValue(value, CheckpointSigned.class);
        } catch (JacksonException unreadable) {
            // not ours to judge here: a record that is no CheckpointSigned states no checkpoint
            return null;
        }
    }
}
