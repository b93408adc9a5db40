package health.datasafe.recovery.incident;

import health.datasafe.contracts.IntegrityAlertRaised;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Table {@code integrity_incident}: one row per distinct finding (by fingerprint), with when it was first and last
 * seen, and whether its alert went out. Recording a finding seen before only moves its last sighting, so recording is
 * safe to repeat, from any number of audits at once. The live one is this bean; a replay fills another ({@link #of}).
 */
@Repository
public class IncidentLog {

    /** The failures only the witness finds (a received block failing its checks); every other one is an audit's. */
    static final Set<String> WITNESS_FAILURES = Set.of("TransactionHashMismatch", "MerkleRootMismatch",
            "BlockHashMismatch", "ChainBroken", "SignatureInvalid", "HeaderInconsistent", "LogRootMismatch",
            "WitnessConflict");
    /** The failures recorded from dead-lettered records. */
    static final Set<String> DEAD_LETTER_FAILURES = Set.of("RecordRefused");
    /** The failures a ledger node raises about itself on {@code dsh.integrity.alerts}. */
    static final Set<String> LEDGER_FAILURES = Set.of("ForkDetected");

    private final JdbcClient jdbc;

    IncidentLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The incident log in the (migrated) schema {@code dataSource} points at, e.g. one a replay fills. */
    public static IncidentLog of(DataSource dataSource) {
        return new IncidentLog(JdbcClient.create(dataSource));
    }

    /**
     * Restores the incident an alert on {@code dsh.integrity.alerts} raised, as alerted at {@code alertedAt}. If the
     * incident is there already (a replayed block found it again), it is marked alerted and first seen when the alert
     * says (the replay found it again only now). An alert does not carry
     * everything an incident holds: {@code source} is inferred from the kind ({@link #WITNESS_FAILURES},
     * {@link #DEAD_LETTER_FAILURES}, {@link #LEDGER_FAILURES}),
     * {@code field} and {@code claimed_block_hash} stay empty, {@code detail} is a sentence made of what the alert
     * carries, and {@code last_seen} is when it was first seen.
     */
    public void restoreAlerted(IntegrityAlertRaised alert, Instant alertedAt) {
        String source = WITNESS_FAILURES.contains(alert.kind()) ? "witness"
                : DEAD_LETTER_FAILURES.contains(alert.kind()) ? "deadletter"
                : raisedByLedger(alert) ? "ledger" : "audit";
        String detail = "%s in shard %d at height %d: expected %s, actual %s (restored from its alert)"
                .formatted(alert.kind(), alert.shard(), alert.height(), alert.expected(), alert.actual());
        jdbc.sql("""
                        INSERT INTO integrity_incident (source, shard, height, failure, expected, actual, detail,
                                                        fingerprint, detected_at, last_seen, alerted_at)
                        VALUES (:source, :shard, :height, :failure, :expected, :actual, :detail, :fingerprint,
                                :detectedAt, :detectedAt, :alertedAt)
                        ON CONFLICT (fingerprint) DO UPDATE
                        SET alerted_at = coalesce(integrity_incident.alerted_at, excluded.alerted_at),
                            detected_at = least(integrity_incident.detected_at, excluded.detected_at)""")
                .param("source", source)
                .param("shard", alert.shard())
                .param("height", alert.height())
                .param("failure", alert.kind())
                .param("expected", alert.expected())
                .param("actual", alert.actual())
                .param("detail", detail)
                .param("fingerprint", alert.fingerprint())
                .param("detectedAt", OffsetDateTime.ofInstant(alert.detectedAt(), ZoneOffset.UTC))
                .param("alertedAt", OffsetDateTime.ofInstant(alertedAt, ZoneOffset.UTC))
                .update();
    }

    /** Whether a ledger node raised the alert about itself (a fork), rather than this service. */
    public static boolean raisedByLedger(IntegrityAlertRaised alert) {
        return LEDGER_FAILURES.contains(alert.kind());
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
