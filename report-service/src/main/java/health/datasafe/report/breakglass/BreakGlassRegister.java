package health.datasafe.report.breakglass;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The break-glass register, read from the access log (which holds every break-glass, every review and every read, each
 * as committed): nothing of its own to rebuild. The latest review of a break-glass, in the order of the patient's
 * shard log, is its review.
 */
@Repository
class BreakGlassRegister {

    private final NamedParameterJdbcTemplate jdbc;

    BreakGlassRegister(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Break-glasses in the order they were opened: those without a review, those with one, or all; at most {@code limit}. */
    List<BreakGlass> list(ReviewStatus status, int limit) {
        return jdbc.query("""
                        SELECT b.consent_id, b.patient_id, b.actor_id, b.transaction_id, b.at, b.valid_until, b.tx_hash,
                               b.shard, b.block_height,
                               (SELECT count(*) FROM access_log r
                                WHERE r.patient_id = b.patient_id AND r.actor_id = b.actor_id AND r.outcome = 'READ'
                                  AND r.purpose = 'EMERGENCY' AND r.at >= b.at
                                  AND r.at < CAST(b.valid_until AS timestamptz)) AS emergency_reads,
                               v.actor_id AS auditor_id, v.reason AS finding, v.at AS reviewed_at,
                               v.transaction_id AS review_id
                        FROM access_log b
                        LEFT JOIN LATERAL (
                            SELECT actor_id, reason, at, transaction_id FROM access_log v
                            WHERE v.outcome = 'BREAK_GLASS_REVIEWED' AND v.consent_id = b.consent_id
                              AND v.patient_id = b.patient_id
                            ORDER BY v.shard DESC, v.leaf_index DESC LIMIT 1) v ON true
                        WHERE b.outcome = 'BREAK_GLASS'
                          AND (:status = 'ALL' OR (:status = 'OPEN') = (v.transaction_id IS NULL))
                        ORDER BY b.at, b.transaction_id
                        LIMIT :limit""",
                Map.of("status", status.name(), "limit", limit),
                (rs, row) -> new BreakGlass(rs.getString("consent_id"), rs.getString("patient_id"),
                        rs.getString("actor_id"), rs.getString("transaction_id"), instant(rs, "at"),
                        rs.getString("valid_until"), rs.getString("tx_hash"), rs.getInt("shard"),
                        rs.getLong("block_height"), rs.getLong("emergency_reads"),
                        rs.getString("review_id") == null ? null : new BreakGlass.Review(rs.getString("auditor_id"),
                                rs.getString("finding"), instant(rs, "reviewed_at"), rs.getString("review_id"))));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
