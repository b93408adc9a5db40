package health.datasafe.ledger.fork;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Quorum;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.SignedNote;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.DeadLetters;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.UnhurriedPolls;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Holds this node's blocks against the other nodes' signatures on {@code dsh.ledger.signatures} (its own consumer
 * group, {@code ledger-<origin>-<node>}): a signature by another genesis node is kept with the header it signed, and
 * wherever a quorum of the other nodes signed one hash at a height where this node stored another, that is a fork of
 * this node.
 * It is recorded once ({@code fork}), raised on {@code dsh.integrity.alerts} (kind {@value #KIND}, naming the height
 * and the header fields that differ) and published as {@link ForkDetected}; while a fork is recorded the node
 * announces and signs nothing ({@link #forked()}). Checked when signatures arrive, after every commit, and for every
 * stored block once at start (a database edited while the node was down). A ledger without a genesis has no other
 * nodes: nothing is watched.
 */
@Component
public class ForkWatch {

    public static final String KIND = "ForkDetected";
    private static final Logger log = LoggerFactory.getLogger(ForkWatch.class);

    private final JdbcTemplate jdbc;
    private final NodeKey key;
    private final BlockScreen screen;
    private final Quorum quorum;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final DeadLetters deadLetters;
    private final TransactionTemplate transactions;
    private final ConsumerFactory<String, byte[]> consumers;

    ForkWatch(JdbcTemplate jdbc, NodeKey key, EventReader reader, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
              ApplicationEventPublisher events, DeadLetters deadLetters, PlatformTransactionManager transactionManager,
              ConsumerFactory<String, byte[]> consumers) {
        this.jdbc = jdbc;
        this.consumers = consumers;
        this.deadLetters = deadLetters;
        this.transactions = new TransactionTemplate(transactionManager);
        this.key = key;
        this.screen = new BlockScreen(reader, TrustedKeys.of(key.trustedKeys()));
        this.quorum = key.genesis().map(Quorum::of).orElse(null);
        this.kafka = kafka;
        this.json = json;
        this.events = events;
    }

    /**
     * A poll's worth of signatures at once: the other genesis nodes' are verified and stored in one database
     * transaction, and only a block some peer signed another hash for than this node stored is checked for a quorum
     * (one query for the whole batch finds those). A record refused for what it is goes to the dead-letter topic and
     * the rest of the batch goes on; an outage retries the batch, whose stores are idempotent.
     */
    @KafkaListener(id = "ledger-peer-signatures", topics = Topics.LEDGER_SIGNATURES, batch = "true",
            groupId = "ledger-${dsh.ledger.origin:datasafehealth.local/ledger}-${dsh.ledger.node:ledger-1}",
            properties = {UnhurriedPolls.MIN_BYTES, UnhurriedPolls.MAX_WAIT})
    void onSignatures(List<ConsumerRecord<String, byte[]>> records) {
        if (quorum == null) {
            return;
        }
        // this node's own signatures, a third of the topic with three nodes, are not verified only to be dropped
        List<BlockSigned> peers = deadLetters.readEach(records, record -> peerSignature(record.value()));
        if (peers.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> store(jdbc, peers));
        checkWhereSignaturesDiffer(peers.stream().map(signed -> new Place(signed.shard(), signed.height())).toList());
    }

    /** Stores verified peer signatures; one kept already is kept once. */
    private void store(JdbcTemplate into, List<BlockSigned> peers) {
        var rows = new ArrayList<Object[]>(peers.size());
        for (BlockSigned signed : peers) {
            rows.add(new Object[]{signed.shard(), signed.height(), Hex.parseHash(signed.blockHash()), signed.signer(),
                    quorum.nameOf(signed.signer()), CanonicalJson.of(signed.header()), signed.checkpoint()});
        }
        into.batchUpdate("""
                INSERT INTO peer_signature (shard, height, block_hash, signer, node, header, checkpoint)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", rows);
    }

    /**
     * The signature of another genesis node in this record, verified; empty for this node's own. Throws, as
     * {@link BlockScreen} does, for a record that is no valid signature.
     */
    private Optional<BlockSigned> peerSignature(byte[] value) {
        return screen.signedByAnother(value, key.keyId()).filter(signed -> quorum.counts(signed.signer()));
    }

    /**
     * Replays {@code dsh.ledger.signatures} into the ledger schema {@code target} points at (a rebuild's), keeping what
     * the live watch keeps: the other genesis nodes' signatures that verify, a poll at a time. It reads each partition
     * from {@code positions} (from the beginning where it names none) to where the partition ends now, and leaves in
     * {@code positions} where it stopped, so a second call with the same map goes on from there (the rebuild's catch-up)
     * instead of reading the topic again. Records refused for what they are are skipped (the live watch dead-lettered
     * them when they came). Without it a rebuilt node would serve its checkpoints and receipts without its peers'
     * signatures, below the quorum that makes them final. Returns how many signatures it kept.
     */
    public long replaySignatures(DataSource target, Map<TopicPartition, Long> positions) {
        if (quorum == null) {
            return 0;
        }
        var into = new JdbcTemplate(target);
        var inTransaction = new TransactionTemplate(new DataSourceTransactionManager(target));
        long kept = 0;
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, "ledger-signature-replay", null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_SIGNATURES, Duration.ofSeconds(30))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                if (positions.containsKey(partition)) {
                    consumer.seek(partition, positions.get(partition));
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                var peers = new ArrayList<BlockSigned>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    try {
                        peerSignature(record.value()).ifPresent(peers::add);
                    } catch (RuntimeException refused) {
                        log.debug("Replay skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                refused.getMessage());
                    }
                }
                if (!peers.isEmpty()) {
                    inTransaction.executeWithoutResult(status -> store(into, peers));
                    kept += peers.size();
                }
            }
            partitions.forEach(partition -> positions.put(partition, end.get(partition)));
        }
        log.info("Replayed {} peer signatures of {} into the rebuilt ledger", kept, Topics.LEDGER_SIGNATURES);
        return kept;
    }

    /** Checks blocks this node just committed against the signatures already in. */
    public void checkCommitted(Collection<BlockHeader> headers) {
        if (quorum != null) {
            checkWhereSignaturesDiffer(headers.stream().map(header -> new Place(header.shard(), header.height())).toList());
        }
    }

    /**
     * {@link #check}s each of these places (shard, height) where this node stored a block and some peer signed another
     * hash; where every peer signed this node's hash there is no fork to look for.
     */
    private void checkWhereSignaturesDiffer(List<Place> places) {
        if (places.isEmpty()) {
            return; // the committer's polls that committed nothing
        }
        Integer[] shards = places.stream().map(Place::shard).toArray(Integer[]::new);
        Long[] heights = places.stream().map(Place::height).toArray(Long[]::new);
        jdbc.query(connection -> {
                    var statement = connection.prepareStatement("""
                            SELECT DISTINCT p.shard, p.height FROM peer_signature p
                            JOIN block b ON b.shard = p.shard AND b.height = p.height AND b.hash <> p.block_hash
                            WHERE (p.shard, p.height) IN (SELECT * FROM unnest(?::int[], ?::bigint[]))
                            ORDER BY 1, 2""");
                    statement.setArray(1, connection.createArrayOf("integer", shards));
                    statement.setArray(2, connection.createArrayOf("bigint", heights));
                    return statement;
                }, (rs, row) -> new Place(rs.getInt(1), rs.getLong(2)))
                .forEach(place -> check(place.shard(), place.height()));
    }

    /** A block's place in the ledger. */
    private record Place(int shard, long height) {
    }

    /** Every stored block that other nodes signed another hash for, once at start. */
    @EventListener(ApplicationReadyEvent.class)
    void checkStoredBlocks() {
        if (quorum == null) {
            return;
        }
        jdbc.query("""
                        SELECT DISTINCT p.shard, p.height FROM peer_signature p
                        JOIN block b ON b.shard = p.shard AND b.height = p.height AND b.hash <> p.block_hash
                        ORDER BY 1, 2""",
                (rs, row) -> new Place(rs.getInt(1), rs.getLong(2)))
                .forEach(place -> check(place.shard(), place.height()));
    }

    /** Whether a fork of this node is recorded: it then announces and signs nothing. */
    public boolean forked() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM fork)", Boolean.class));
    }

    /**
     * The cosigned checkpoints of the quorum at each recorded fork (notes of the quorum's signers that share one text,
     * merged): what a rebuild must reach instead of this node's own checkpoints.
     */
    public List<String> quorumCheckpoints() {
        return jdbc.queryForList("SELECT quorum_checkpoint FROM fork WHERE quorum_checkpoint IS NOT NULL"
                + " ORDER BY shard, height", String.class);
    }

    /** How many of the nodes make a quorum, or 1 for a ledger without a genesis. */
    public int quorumRequired() {
        return quorum == null ? 1 : quorum.required();
    }

    private record Peer(String blockHash, String signer, byte[] header, String checkpoint) {
    }

    private record Own(String hash, BlockHeader header) {
    }

    private void check(int shard, long height) {
        var byHash = new LinkedHashMap<String, List<Peer>>();
        jdbc.query("SELECT block_hash, signer, header, checkpoint FROM peer_signature WHERE shard = ? AND height = ?"
                        + " ORDER BY node",
                (rs, row) -> new Peer(Hex.of(rs.getBytes(1)), rs.getString(2), rs.getBytes(3), rs.getString(4)),
                shard, height).forEach(peer -> byHash.computeIfAbsent(peer.blockHash(), h -> new ArrayList<>()).add(peer));
        Map.Entry<String, List<Peer>> agreed = byHash.entrySet().stream()
                .filter(e -> quorum.reachedBy(e.getValue().stream().map(Peer::signer).toList()))
                .findFirst().orElse(null);
        if (agreed == null) {
            return;
        }
        Own own = jdbc.query("""
                        SELECT hash, previous_hash, merkle_root, tx_count, log_size, block_timestamp
                        FROM block WHERE shard = ? AND height = ?""",
                (rs, row) -> new Own(Hex.of(rs.getBytes(1)), new BlockHeader(shard, height, Hex.of(rs.getBytes(2)),
                        Hex.of(rs.getBytes(3)), rs.getInt(4), rs.getLong(5),
                        rs.getTimestamp(6).toInstant().truncatedTo(ChronoUnit.MILLIS))),
                shard, height).stream().findFirst().orElse(null);
        if (own == null || own.hash().equals(agreed.getKey())) {
            return;
        }
        recordFork(shard, height, own, agreed.getKey(), agreed.getValue());
    }

    private void recordFork(int shard, long height, Own own, String quorumHash, List<Peer> signers) {
        BlockHeader theirs = CanonicalJson.read(signers.getFirst().header(), BlockHeader.class);
        List<String> fields = differing(own.header(), theirs);
        if (fields.isEmpty() || !Blocks.hash(own.header()).equals(own.hash())) {
            fields = new ArrayList<>(fields);
            fields.add("hash");
        }
        var names = signers.stream().map(peer -> quorum.nameOf(peer.signer())).toList();
        String differing = String.join(", ", fields);
        int inserted = jdbc.update("""
                        INSERT INTO fork (shard, height, own_hash, quorum_hash, quorum_signers, differing, quorum_checkpoint)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                shard, height, Hex.parseHash(own.hash()), Hex.parseHash(quorumHash), String.join(",", names), differing,
                cosigned(signers));
        if (inserted == 0) {
            return;
        }
        log.error("Fork: ledger node {} holds block {} of shard {} with hash {}, but {} signed {} (differing: {});"
                        + " this node announces and signs nothing until it is rebuilt", key.name(), height, shard,
                own.hash(), names, quorumHash, differing);
        raise(shard, height, own, theirs, quorumHash, fields);
        events.publishEvent(new ForkDetected(key.name(), shard, height, own.hash(), quorumHash, names, differing));
    }

    private static List<String> differing(BlockHeader own, BlockHeader theirs) {
        var fields = new ArrayList<String>();
        if (!own.previousHash().equals(theirs.previousHash())) {
            fields.add("previousHash");
        }
        if (!own.merkleRoot().equals(theirs.merkleRoot())) {
            fields.add("merkleRoot");
        }
        if (own.txCount() != theirs.txCount()) {
            fields.add("txCount");
        }
        if (own.logSize() != theirs.logSize()) {
            fields.add("logSize");
        }
        if (!own.timestamp().equals(theirs.timestamp())) {
            fields.add("timestamp");
        }
        return fields;
    }

    /** The quorum's checkpoint notes of the first one's text, merged; null when they carry none. */
    private static String cosigned(List<Peer> signers) {
        var notes = signers.stream().map(Peer::checkpoint).filter(note -> note != null).toList();
        if (notes.isEmpty()) {
            return null;
        }
        try {
            return SignedNote.mergeSameText(notes.getFirst(), notes.subList(1, notes.size()));
        } catch (CheckpointInvalid malformed) {
            return null;
        }
    }

    /** The alert: the quorum's values of the differing fields as expected, this node's as actual. */
    private void raise(int shard, long height, Own own, BlockHeader theirs, String quorumHash, List<String> fields) {
        String expected = describe(quorumHash, theirs, fields);
        String actual = key.name() + ": " + describe(own.hash(), own.header(), fields);
        String fingerprint = Sha256.hex(String.join("|", KIND, key.name(), Integer.toString(shard),
                Long.toString(height), own.hash(), quorumHash).getBytes(StandardCharsets.UTF_8));
        var alert = new IntegrityAlertRaised(fingerprint, KIND, shard, height, expected, actual,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try {
            kafka.send(Topics.INTEGRITY_ALERTS, Integer.toString(shard), json.writeValueAsBytes(alert))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("The fork at block {} of shard {} is recorded, but its alert was not sent: {}", height, shard,
                    e.toString());
        }
    }

    private static String describe(String hash, BlockHeader header, List<String> fields) {
        var parts = new ArrayList<String>();
        parts.add("blockHash=" + hash);
        for (String field : fields) {
            switch (field) {
                case "previousHash" -> parts.add("previousHash=" + header.previousHash());
                case "merkleRoot" -> parts.add("merkleRoot=" + header.merkleRoot());
                case "txCount" -> parts.add("txCount=" + header.txCount());
                case "logSize" -> parts.add("logSize=" + header.logSize());
                case "timestamp" -> parts.add("timestamp=" + header.timestamp());
                default -> {
                    // "hash": the block hash above is the difference
                }
            }
        }
        return String.join(", ", parts);
    }
}
