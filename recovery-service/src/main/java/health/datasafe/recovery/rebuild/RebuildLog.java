package health.datasafe.recovery.rebuild;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code rebuild}: every rebuild asked through recovery, with the target's id of it and its last known status.
 * At most one per service is RUNNING (a unique index): {@link #reserve} is how a rebuild claims its service. Once a
 * rebuild is DONE or FAILED its row no longer changes.
 */
@Repository
class RebuildLog {

    private final JdbcClient jdbc;

    RebuildLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored rebuild: its status, the target's id of it (null until the target answered) and when it was asked. */
    record Stored(RebuildStatus status, String targetId, Instant startedAt) {

        String id() {
            return status.id();
        }

        boolean running() {
            return status.state() == RebuildStatus.State.RUNNING;
        }
    }

    /** Stores a RUNNING rebuild not yet asked of its target; {@link RebuildRunning} if the service has one running. */
    void reserve(String id, String service, String requestedBy) {
        try {
            jdbc.sql("INSERT INTO rebuild (id, service, state, requested_by) VALUES (:id, :service, 'RUNNING', :by)")
                    .param("id", id).param("service", service).param("by", requestedBy)
                    .update();
        } catch (DuplicateKeyException running) {
            throw new RebuildRunning(service, running(service).map(stored -> "rebuild " + stored.id()).orElse(null));
        }
    }

    /** The target refused or could not be asked: nothing of the rebuild stays. */
    void release(String id) {
        jdbc.sql("DELETE FROM rebuild WHERE id = :id AND target_id IS NULL").param("id", id).update();
    }

    /** The target accepted the rebuild under its own id. */
    void started(String id, TargetStatus status) {
        jdbc.sql("UPDATE rebuild SET target_id = :targetId WHERE id = :id").param("id", id)
                .param("targetId", status.id()).update();
        update(id, status);
    }

    /** The target's latest status; a rebuild already DONE or FAILED stays as it is. True if the row changed. */
    boolean update(String id, TargetStatus status) {
        RebuildStatus.State state = status.knownState();
        return jdbc.sql("""
                        UPDATE rebuild SET state = :state, records_replayed = :replayed, records_total = :total,
                                           per_second = :perSecond, eta_seconds = :eta, failure = :failure,
                                           finished_at = CASE WHEN :state = 'RUNNING' THEN NULL ELSE now() END
                        WHERE id = :id AND state = 'RUNNING'""")
                .param("id", id)
                .param("state", state.name())
                .param("replayed", status.recordsReplayed())
                .param("total", status.recordsTotal())
                .param("perSecond", status.perSecond())
                .param("eta", state == RebuildStatus.State.RUNNING ? status.etaSeconds() : 0)
                .param("failure", state == RebuildStatus.State.FAILED
                        ? (status.failure() == null ? "the service reported the rebuild failed" : status.failure())
                        : null)
                .update() == 1;
    }

    /** Marks a running rebuild FAILED for a reason of recovery's own; true if it was still running. */
    boolean fail(String id, String failure) {
        return jdbc.sql("""
                        UPDATE rebuild SET state = 'FAILED', failure = :failure, eta_seconds = 0, finished_at = now()
                        WHERE id = :id AND state = 'RUNNING'""")
                .param("id", id).param("failure", failure)
                .update() == 1;
    }

    Optional<Stored> find(String id) {
        return jdbc.sql("SELECT * FROM rebuild WHERE id = :id").param("id", id).query((rs, row) -> stored(rs))
                .optional();
    }

    /** Every rebuild, newest first. */
    List<Stored> all() {
        return jdbc.sql("SELECT * FROM rebuild ORDER BY seq DESC").query((rs, row) -> stored(rs)).list();
    }

    List<Stored> running() {
        return jdbc.sql("SELECT * FROM rebuild WHERE state = 'RUNNING' ORDER BY seq").query((rs, row) -> stored(rs))
                .list();
    }

    private Optional<Stored> running(String service) {
        return jdbc.sql("SELECT * FROM rebuild WHERE service = :service AND state = 'RUNNING'")
                .param("service", service).query((rs, row) -> stored(rs)).optional();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        var status = new RebuildStatus(rs.getString("id"), rs.getString("service"),
                RebuildStatus.State.valueOf(rs.getString("state")), rs.getLong("records_replayed"),
                rs.getLong("records_total"), rs.getLong("per_second"), rs.getLong("eta_seconds"),
                rs.getString("failure"));
        return new Stored(status, rs.getString("target_id"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant());
    }
}
