package health.datasafe.recovery.incident;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Table {@code integrity_incident}: one row per distinct finding (by fingerprint), with when it was first and last
 * seen, and whether its alert went out. Recording a finding seen before only moves its last sighting, so recording is
 * safe to repeat, from any number of audits at once.
 */
@Repository
public class IncidentLog {

    private final JdbcClient jdbc;

    IncidentLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the finding as a new incident, or notes that an existing one was seen again; true if it is new. */
    public boolean record(Finding finding) {
        return jdbc.sql("""
                        INSERT INTO integrity_incident (source, shard, height, failure, field, expected, actual, detail,
                                                        claimed_block_hash, fingerprint)
                        VALUES (:source, :shard, :height, :failure, :field, :expected, :actual, :detail,
                                :claimedBlockHash, :fingerprint)
                        ON CONFLICT (fingerprint) DO UPDATE SET last_seen = now()
                        RETURNING xmax = 0""")
                .param("source", finding.source())
                .param("shard", finding.shard())
                .param("height", finding.height())
                .param("failure", finding.failure())
                .param("field", finding.field())
                .param("expected", finding.expected())
                .param("actual", finding.actual())
                .param("detail", finding.detail())
                .param("claimedBlockHash", finding.claimedBlockHash())
                .param("fingerprint", finding.fingerprint())
                .query(Boolean.class)
                .single();
    }

    public List<IntegrityIncident> all() {
        return jdbc.sql("SELECT * FROM integrity_incident ORDER BY id").query((rs, row) -> incident(rs)).list();
    }

    /**
     * Up to {@code limit} incidents whose alert has not gone out, oldest first, locked for the caller's transaction;
     * rows another publisher holds are skipped, so no two publishers raise the same alert.
     */
    List<IntegrityIncident> lockUnalerted(int limit) {
        return jdbc.sql("""
                        SELECT * FROM integrity_incident WHERE alerted_at IS NULL ORDER BY id LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query((rs, row) -> incident(rs))
                .list();
    }

    void markAlerted(long id) {
        jdbc.sql("UPDATE integrity_incident SET alerted_at = now() WHERE id = :id").param("id", id).update();
    }

    private static IntegrityIncident incident(ResultSet rs) throws SQLException {
        return new IntegrityIncident(rs.getLong("id"), rs.getString("source"), rs.getInt("shard"), rs.getLong("height"),
                rs.getString("failure"), rs.getString("field"), rs.getString("expected"), rs.getString("actual"),
                rs.getString("detail"), rs.getString("claimed_block_hash"), rs.getString("fingerprint"),
                instant(rs, "detected_at"), instant(rs, "last_seen"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
