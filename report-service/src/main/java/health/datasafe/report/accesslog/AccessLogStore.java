package health.datasafe.report.accesslog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The access-log entries in schema {@code report}, keyed by transaction id so a redelivered block changes nothing. */
@Repository
class AccessLogStore {

    private final JdbcClient jdbc;

    AccessLogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the attempts of one block together; those already stored are left as they are. */
    @Transactional
    void record(List<AccessAttempt> attempts) {
        for (AccessAttempt a : attempts) {
            jdbc.sql("""
                            INSERT INTO access_log (transaction_id, patient_id, actor_id, record_id, purpose, outcome, reason,
                                                    at, tx_hash, shard, block_height, leaf_index)
                            VALUES (:transactionId, :patientId, :actorId, :recordId, :purpose, :outcome, :reason,
                                    :at, :txHash, :shard, :blockHeight, :leafIndex)
                            ON CONFLICT (transaction_id) DO NOTHING""")
                    .param("transactionId", a.transactionId())
                    .param("patientId", a.patientId())
                    .param("actorId", a.actorId())
                    .param("recordId", a.recordId())
                    .param("purpose", a.purpose())
                    .param("outcome", a.outcome().name())
                    .param("reason", a.reason())
                    .param("at", OffsetDateTime.ofInstant(a.at(), ZoneOffset.UTC))
                    .param("txHash", a.txHash())
                    .param("shard", a.shard())
                    .param("blockHeight", a.blockHeight())
                    .param("leafIndex", a.leafIndex())
                    .update();
        }
    }

    /** The patient's entries in commit order: by shard, then by position in the shard's log. */
    List<AccessLog.Entry> entriesOf(String patientId) {
        return jdbc.sql("""
                        SELECT transaction_id, actor_id, record_id, purpose, outcome, reason, at, tx_hash, shard, block_height
                        FROM access_log WHERE patient_id = :patientId ORDER BY shard, leaf_index""")
                .param("patientId", patientId)
                .query((rs, row) -> new AccessLog.Entry(
                        rs.getString("transaction_id"),
                        rs.getString("actor_id"),
                        rs.getString("record_id"),
                        rs.getString("purpose"),
                        Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("reason"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("tx_hash"),
                        rs.getInt("shard"),
                        rs.getLong("block_height")))
                .list();
    }
}
