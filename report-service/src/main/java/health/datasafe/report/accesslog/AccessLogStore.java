package health.datasafe.report.accesslog;

import health.datasafe.contracts.Purpose;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The access log in the schema {@code dataSource} points at: the live one (this bean) or one a replay fills. Entries
 * are keyed by transaction id and shard logs only ever grow, so a block recorded again changes nothing.
 */
@Repository
class AccessLogStore {

    private static final String INSERT_ENTRY = """
            INSERT INTO access_log (transaction_id, patient_id, actor_id, record_id, purpose, outcome, reason,
                                    consent_id, consent_rules, valid_until, at, tx_hash, shard, block_height, leaf_index)
            VALUES (:transactionId, :patientId, :actorId, :recordId, :purpose, :outcome, :reason,
                    :consentId, :consentRules, :validUntil, :at, :txHash, :shard, :blockHeight, :leafIndex)
            ON CONFLICT (transaction_id) DO NOTHING""";
    private static final String RAISE_SHARD_LOG = """
            INSERT INTO shard_log (shard, log_size, block_height) VALUES (:shard, :logSize, :blockHeight)
            ON CONFLICT (shard) DO UPDATE SET log_size = excluded.log_size, block_height = excluded.block_height
            WHERE shard_log.log_size < excluded.log_size""";
    private static final String SET_POSITION = """
            INSERT INTO replay_position (kafka_partition, next_offset) VALUES (:partition, :nextOffset)
            ON CONFLICT (kafka_partition) DO UPDATE SET next_offset = excluded.next_offset""";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate inOneTransaction;

    AccessLogStore(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.inOneTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Records blocks together, in one transaction and one batch per table; what is already recorded stays. */
    void record(List<ProjectedBlock> blocks) {
        record(blocks, Map.of());
    }

    /**
     * Records blocks as {@link #record(List)} does and, in the same transaction, where a replay goes on from: the next
     * offset of each partition it read.
     */
    void record(List<ProjectedBlock> blocks, Map<Integer, Long> replayedTo) {
        SqlParameterSource[] entries = blocks.stream().flatMap(block -> block.attempts().stream())
                .map(AccessLogStore::entry).toArray(SqlParameterSource[]::new);
        var furthest = new TreeMap<Integer, ProjectedBlock>();
        for (ProjectedBlock block : blocks) {
            furthest.merge(block.shard(), block, (a, b) -> b.logSize() > a.logSize() ? b : a);
        }
        SqlParameterSource[] shardLogs = furthest.values().stream().map(block -> new MapSqlParameterSource()
                .addValue("shard", block.shard())
                .addValue("logSize", block.logSize())
                .addValue("blockHeight", block.height())).toArray(SqlParameterSource[]::new);
        SqlParameterSource[] positions = new TreeMap<>(replayedTo).entrySet().stream().map(e -> new MapSqlParameterSource()
                .addValue("partition", e.getKey())
                .addValue("nextOffset", e.getValue())).toArray(SqlParameterSource[]::new);
        if (entries.length + shardLogs.length + positions.length == 0) {
            return;
        }
        inOneTransaction.executeWithoutResult(status -> {
            if (entries.length > 0) {
                jdbc.batchUpdate(INSERT_ENTRY, entries);
            }
            if (shardLogs.length > 0) {
                jdbc.batchUpdate(RAISE_SHARD_LOG, shardLogs);
            }
            if (positions.length > 0) {
                jdbc.batchUpdate(SET_POSITION, positions);
            }
        });
    }

    /** Where a replay into this schema goes on from: the next offset per partition; empty if none ran. */
    Map<Integer, Long> replayPositions() {
        var positions = new HashMap<Integer, Long>();
        jdbc.query("SELECT kafka_partition, next_offset FROM replay_position", rs -> {
            positions.put(rs.getInt(1), rs.getLong(2));
        });
        return positions;
    }

    /** The highest log size of a recorded block, per shard. */
    Map<Integer, Long> logSizes() {
        var sizes = new TreeMap<Integer, Long>();
        jdbc.query("SELECT shard, log_size FROM shard_log", rs -> {
            sizes.put(rs.getInt(1), rs.getLong(2));
        });
        return sizes;
    }

    /** The patient's entries in commit order: by shard, then by position in the shard's log. */
    List<AccessLog.Entry> entriesOf(String patientId) {
        return jdbc.query("""
                        SELECT transaction_id, actor_id, record_id, purpose, outcome, reason, consent_id, consent_rules,
                               valid_until, at, tx_hash, shard, block_height
                        FROM access_log WHERE patient_id = :patientId ORDER BY shard, leaf_index""",
                Map.of("patientId", patientId),
                (rs, row) -> {
                    Outcome outcome = Outcome.valueOf(rs.getString("outcome"));
                    String purpose = rs.getString("purpose");
                    return new AccessLog.Entry(
                            rs.getString("transaction_id"),
                            rs.getString("actor_id"),
                            rs.getString("record_id"),
                            purpose,
                            outcome,
                            rs.getString("reason"),
                            rs.getString("consent_id"),
                            rs.getString("consent_rules"),
                            rs.getString("valid_until"),
                            rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("tx_hash"),
                            rs.getInt("shard"),
                            rs.getLong("block_height"),
                            outcome == Outcome.BREAK_GLASS || outcome == Outcome.BREAK_GLASS_REVIEWED
                                    || Purpose.EMERGENCY.name().equals(purpose));
                });
    }

    private static SqlParameterSource entry(AccessAttempt a) {
        return new MapSqlParameterSource()
                .addValue("transactionId", a.transactionId())
                .addValue("patientId", a.patientId())
                .addValue("actorId", a.actorId())
                .addValue("recordId", a.recordId())
                .addValue("purpose", a.purpose())
                .addValue("outcome", a.outcome().name())
                .addValue("reason", a.reason())
                .addValue("consentId", a.consentId())
                .addValue("consentRules", a.consentRules())
                .addValue("validUntil", a.validUntil())
                .addValue("at", OffsetDateTime.ofInstant(a.at(), ZoneOffset.UTC))
                .addValue("txHash", a.txHash())
                .addValue("shard", a.shard())
                .addValue("blockHeight", a.blockHeight())
                .addValue("leafIndex", a.leafIndex());
    }
}
