package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The witness copy in schema {@code recovery}: witnessed blocks and their tx hashes, the newest checkpoint of every
 * ledger origin, and the signer trusted on first use; the live one is this bean, a replay fills another
 * ({@link WitnessProjection#into}). Every write is keyed so that doing it twice changes nothing.
 */
@Repository
public class WitnessStore {

    private final JdbcClient jdbc;

    WitnessStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest witnessed block of every shard, by shard. */
    public List<WitnessTip> tips() {
        return jdbc.sql("""
                        SELECT DISTINCT ON (shard) shard, height, block_hash FROM witnessed_block
                        ORDER BY shard, height DESC""")
                .query((rs, row) -> new WitnessTip(rs.getInt("shard"), rs.getLong("height"), rs.getString("block_hash")))
                .list();
    }

    /**
     * The shard's witnessed blocks of heights {@code from} to {@code from + count - 1}, in height order, each with its
     * tx hashes: two queries, whatever the count.
     */
    public List<WitnessedBlock> blocks(int shard, long from, int count) {
        long to = from > Long.MAX_VALUE - count ? Long.MAX_VALUE : from + count;
        var txHashes = new HashMap<Long, List<String>>();
        jdbc.sql("""
                        SELECT height, tx_hash FROM witnessed_transaction
                        WHERE shard = :shard AND height >= :from AND height < :to ORDER BY height, position""")
                .param("shard", shard)
                .param("from", from)
                .param("to", to)
                .query(rs -> {
                    txHashes.computeIfAbsent(rs.getLong(1), height -> new ArrayList<>()).add(rs.getString(2));
                });
        return jdbc.sql("""
                        SELECT * FROM witnessed_block WHERE shard = :shard AND height >= :from AND height < :to
                        ORDER BY height""")
                .param("shard", shard)
                .param("from", from)
                .param("to", to)
                .query((rs, row) -> headerOf(rs, txHashes.getOrDefault(rs.getLong("height"), List.of())))
                .list();
    }

    /** The hash of the block witnessed at this height of the shard, if any. */
    Optional<String> blockHash(int shard, long height) {
        return jdbc.sql("SELECT block_hash FROM witnessed_block WHERE shard = :shard AND height = :height")
                .param("shard", shard)
                .param("height", height)
                .query(String.class)
                .optional();
    }

    Optional<WitnessedBlock> latest(int shard) {
        return jdbc.sql("SELECT * FROM witnessed_block WHERE shard = :shard ORDER BY height DESC LIMIT 1")
                .param("shard", shard)
                .query((rs, row) -> headerOf(rs))
                .optional();
    }

    void witness(BlockCommitted block) {
        BlockHeader header = block.header();
        jdbc.sql("""
                        INSERT INTO witnessed_block (shard, height, block_hash, previous_hash, merkle_root, tx_count, log_size,
                                                     block_timestamp, signer, signature)
                        VALUES (:shard, :height, :blockHash, :previousHash, :merkleRoot, :txCount, :logSize, :timestamp,
                                :signer, :signature)
                        ON CONFLICT (shard, height) DO NOTHING""")
                .param("shard", header.shard())
                .param("height", header.height())
                .param("blockHash", block.blockHash())
                .param("previousHash", header.previousHash())
                .param("merkleRoot", header.merkleRoot())
                .param("txCount", header.txCount())
                .param("logSize", header.logSize())
                .param("timestamp", OffsetDateTime.ofInstant(header.timestamp(), ZoneOffset.UTC))
                .param("signer", block.signer())
                .param("signature", block.signature())
                .update();
        for (int position = 0; position < block.transactions().size(); position++) {
            var committed = block.transactions().get(position);
            jdbc.sql("""
                            INSERT INTO witnessed_transaction (shard, height, position, leaf_index, tx_hash)
                            VALUES (:shard, :height, :position, :leafIndex, :txHash)
                            ON CONFLICT (shard, height, position) DO NOTHING""")
                    .param("shard", header.shard())
                    .param("height", header.height())
                    .param("position", position)
                    .param("leafIndex", committed.leafIndex())
                    .param("txHash", committed.txHash())
                    .update();
        }
    }

    /** The tx hashes of the shard's first {@code size} leaves, in leaf order (fewer if fewer are witnessed). */
    public List<String> txHashes(int shard, long size) {
        return jdbc.sql("""
                        SELECT tx_hash FROM witnessed_transaction WHERE shard = :shard AND leaf_index < :size
                        ORDER BY leaf_index""")
                .param("shard", shard)
                .param("size", size)
                .query(String.class)
                .list();
    }

    /** The height of the witnessed block after which the shard's log has exactly {@code logSize} leaves. */
    public Optional<Long> heightAtLogSize(int shard, long logSize) {
        return jdbc.sql("SELECT height FROM witnessed_block WHERE shard = :shard AND log_size = :logSize")
                .param("shard", shard)
                .param("logSize", logSize)
                .query(Long.class)
                .optional();
    }

    /** The newest witnessed checkpoint of every ledger origin. */
    public List<WitnessedCheckpoint> checkpoints() {
        return jdbc.sql("SELECT origin, shard, height, note FROM witnessed_checkpoint ORDER BY origin")
                .query((rs, row) -> new WitnessedCheckpoint(rs.getString("origin"), rs.getInt("shard"),
                        rs.getLong("height"), rs.getString("note")))
                .list();
    }

    Optional<WitnessedCheckpoint> checkpoint(String origin) {
        return jdbc.sql("SELECT origin, shard, height, note FROM witnessed_checkpoint WHERE origin = :origin")
                .param("origin", origin)
                .query((rs, row) -> new WitnessedCheckpoint(rs.getString("origin"), rs.getInt("shard"),
                        rs.getLong("height"), rs.getString("note")))
                .optional();
    }

    void keepCheckpoint(WitnessedCheckpoint checkpoint) {
        jdbc.sql("""
                        INSERT INTO witnessed_checkpoint (origin, shard, height, note) VALUES (:origin, :shard, :height, :note)
                        ON CONFLICT (origin) DO UPDATE SET shard = :shard, height = :height, note = :note, received_at = now()""")
                .param("origin", checkpoint.origin())
                .param("shard", checkpoint.shard())
                .param("height", checkpoint.height())
                .param("note", checkpoint.note())
                .update();
    }

    Optional<String> trustedSigner() {
        return jdbc.sql("SELECT key_id FROM trusted_signer").query(String.class).optional();
    }

    /** Trusts {@code keyId} if no signer is trusted yet; answers the signer trusted after that. */
    String trustOnFirstUse(String keyId) {
        jdbc.sql("INSERT INTO trusted_signer (key_id, source) VALUES (:keyId, 'first-use') ON CONFLICT (slot) DO NOTHING")
                .param("keyId", keyId)
                .update();
        return trustedSigner().orElseThrow();
    }

    /** Where a replay into this schema goes on from in {@code topic}: the next offset per partition; empty if none ran. */
    Map<Integer, Long> replayPositions(String topic) {
        var positions = new HashMap<Integer, Long>();
        jdbc.sql("SELECT kafka_partition, next_offset FROM replay_position WHERE topic = :topic")
                .param("topic", topic)
                .query(rs -> {
                    positions.put(rs.getInt(1), rs.getLong(2));
                });
        return positions;
    }

    /** Notes where a replay goes on from in {@code topic}, in the caller's transaction. */
    void replayedTo(String topic, Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((partition, next) -> jdbc.sql("""
                        INSERT INTO replay_position (topic, kafka_partition, next_offset) VALUES (:topic, :partition, :next)
                        ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset""")
                .param("topic", topic)
                .param("partition", partition)
                .param("next", next)
                .update());
    }

    /** The highest log size of a witnessed block, per shard. */
    Map<Integer, Long> logSizes() {
        var sizes = new TreeMap<Integer, Long>();
        jdbc.sql("SELECT shard, max(log_size) FROM witnessed_block GROUP BY shard").query(rs -> {
            sizes.put(rs.getInt(1), rs.getLong(2));
        });
        return sizes;
    }

    private static WitnessedBlock headerOf(ResultSet rs) throws SQLException {
        return headerOf(rs, List.of());
    }

    private static WitnessedBlock headerOf(ResultSet rs, List<String> txHashes) throws SQLException {
        return new WitnessedBlock(rs.getInt("shard"), rs.getLong("height"), rs.getString("block_hash"),
                rs.getString("previous_hash"), rs.getString("merkle_root"), rs.getInt("tx_count"), rs.getLong("log_size"),
                instant(rs, "block_timestamp"), rs.getString("signer"), rs.getString("signature"),
                List.copyOf(txHashes));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
