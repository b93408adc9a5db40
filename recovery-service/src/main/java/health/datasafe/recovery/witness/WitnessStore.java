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
import java.util.List;
import java.util.Optional;

/**
 * The witness copy in schema {@code recovery}: witnessed blocks and their tx hashes, integrity incidents, and the
 * signer trusted on first use. Every write is keyed so that doing it twice changes nothing.
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

    public Optional<WitnessedBlock> block(int shard, long height) {
        return jdbc.sql("SELECT * FROM witnessed_block WHERE shard = :shard AND height = :height")
                .param("shard", shard)
                .param("height", height)
                .query((rs, row) -> headerOf(rs))
                .optional()
                .map(this::withTxHashes);
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

    /** Stores the incident unless the same failure of the same received block is already stored. */
    void recordIncident(int shard, long height, String claimedBlockHash, IntegrityFailure failure) {
        jdbc.sql("""
                        INSERT INTO integrity_incident (shard, height, failure, expected, actual, detail, claimed_block_hash)
                        VALUES (:shard, :height, :failure, :expected, :actual, :detail, :claimedBlockHash)
                        ON CONFLICT (shard, height, failure, claimed_block_hash) DO NOTHING""")
                .param("shard", shard)
                .param("height", height)
                .param("failure", failure.failure())
                .param("expected", failure.expected())
                .param("actual", failure.actual())
                .param("detail", failure.detail())
                .param("claimedBlockHash", claimedBlockHash == null ? "" : claimedBlockHash)
                .update();
    }

    List<IntegrityIncident> incidents() {
        return jdbc.sql("SELECT * FROM integrity_incident ORDER BY id")
                .query((rs, row) -> new IntegrityIncident(rs.getLong("id"), rs.getInt("shard"), rs.getLong("height"),
                        rs.getString("failure"), rs.getString("expected"), rs.getString("actual"), rs.getString("detail"),
                        rs.getString("claimed_block_hash"), instant(rs, "detected_at")))
                .list();
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

    private WitnessedBlock withTxHashes(WitnessedBlock block) {
        List<String> txHashes = jdbc.sql("""
                        SELECT tx_hash FROM witnessed_transaction WHERE shard = :shard AND height = :height
                        ORDER BY position""")
                .param("shard", block.shard())
                .param("height", block.height())
                .query(String.class)
                .list();
        return new WitnessedBlock(block.shard(), block.height(), block.blockHash(), block.previousHash(),
                block.merkleRoot(), block.txCount(), block.logSize(), block.timestamp(), block.signer(),
                block.signature(), txHashes);
    }

    private static WitnessedBlock headerOf(ResultSet rs) throws SQLException {
        return new WitnessedBlock(rs.getInt("shard"), rs.getLong("height"), rs.getString("block_hash"),
                rs.getString("previous_hash"), rs.getString("merkle_root"), rs.getInt("tx_count"), rs.getLong("log_size"),
                instant(rs, "block_timestamp"), rs.getString("signer"), rs.getString("signature"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
