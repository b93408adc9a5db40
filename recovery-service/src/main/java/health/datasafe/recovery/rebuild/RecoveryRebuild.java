package health.datasafe.recovery.rebuild;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import health.datasafe.kit.trust.Trust;
import health.datasafe.recovery.audit.AuditWriting;
import health.datasafe.recovery.witness.WitnessReplay;
import health.datasafe.recovery.witness.WitnessWriting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.function.Consumer;

/**
 * How the recovery-service's own state is rebuilt (the kit's {@code Rebuilds} runs it, at
 * {@code /api/<dsh.rebuild.segment>/rebuilds}): {@link WitnessReplay} re-reads the blocks, checkpoints and alerts
 * topics through the listeners' own code path. The block and checkpoint listeners and the audits are what write, so
 * they pause for the catch-up and the checks. With a checkpoint the caller kept (which must verify with a key of
 * {@code dsh.trust.ledger-keys}, or the request is refused), the witnessed blocks must reach every shard's log size in
 * it. Without one, the rebuilt witness copy must hold every block of the live one with the same hash, as far as the
 * live one can still be read.
 * <p>
 * What no topic holds is carried over from the live schema, if it is still there: the rebuilds this service asked of
 * others (table {@code rebuild}, copied as it is), incidents whose alert has not gone out yet (the outbox: copied,
 * still unalerted), and the columns of an incident its alert does not carry ({@code field}, {@code detail},
 * {@code claimed_block_hash}, {@code last_seen}, and {@code detected_at} where the live one is earlier: an incident the
 * replay found again in a block, whose alert is not on the topic, was first seen when the live one says). Without the live schema those rebuilds are gone, and incidents restored
 * from their alerts keep what the alert carries.
 */
@Component
class RecoveryRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(RecoveryRebuild.class);
    private static final String INCIDENT_COLUMNS = "source, shard, height, failure, field, expected, actual, detail,"
            + " claimed_block_hash, fingerprint, detected_at, last_seen";

    private final WitnessReplay replay;
    private final WitnessWriting witnessWriting;
    private final AuditWriting auditWriting;
    private final Trust trust;

    RecoveryRebuild(WitnessReplay replay, WitnessWriting witnessWriting, AuditWriting auditWriting, Trust trust) {
        this.replay = replay;
        this.witnessWriting = witnessWriting;
        this.auditWriting = auditWriting;
        this.trust = trust;
    }

    @Override
    public String service() {
        return "recovery-service";
    }

    @Override
    public void admit(String checkpoint) {
        if (checkpoint != null) {
            verified(checkpoint);
        }
    }

    @Override
    public void replay(DataSource target, Consumer<Progress> progress) {
        replay.replay(target, progress);
    }

    @Override
    public void pauseWriting() {
        witnessWriting.pause();
        try {
            auditWriting.pause();
        } catch (RuntimeException failure) {
            witnessWriting.resume();
            throw failure;
        }
    }

    @Override
    public void resumeWriting() {
        try {
            auditWriting.resume();
        } finally {
            witnessWriting.resume();
        }
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        if (checkpoint != null) {
            replay.confirm(target, verified(checkpoint));
        } else {
            try {
                replay.confirmHoldsAllOf(target, rebuiltSchema, liveSchema);
            } catch (DataAccessException unreadable) {
                log.warn("The live witness copy cannot be read ({}): nothing to compare the rebuilt one with",
                        unreadable.getMessage());
            }
        }
        carryOver(target, rebuiltSchema, liveSchema);
    }

    private void carryOver(DataSource target, String rebuiltSchema, String liveSchema) {
        String rebuilt = Schemas.quoted(rebuiltSchema);
        String live = Schemas.quoted(liveSchema);
        var jdbc = new JdbcTemplate(target);
        try {
            new TransactionTemplate(new DataSourceTransactionManager(target)).executeWithoutResult(status -> {
                int rebuilds = jdbc.update("INSERT INTO %s.rebuild SELECT * FROM %s.rebuild".formatted(rebuilt, live));
                Long seq = jdbc.queryForObject("SELECT max(seq) FROM %s.rebuild".formatted(rebuilt), Long.class);
                if (seq != null) {
                    jdbc.queryForObject("SELECT setval(pg_get_serial_sequence(?, 'seq'), ?)", Long.class,
                            rebuilt + ".rebuild", seq);
                }
                int unalerted = jdbc.update(("INSERT INTO %1$s.integrity_incident (%3$s) SELECT %3$s FROM"
                        + " %2$s.integrity_incident WHERE alerted_at IS NULL ORDER BY id ON CONFLICT (fingerprint)"
                        + " DO NOTHING").formatted(rebuilt, live, INCIDENT_COLUMNS));
                int completed = jdbc.update(("UPDATE %1$s.integrity_incident r SET field = l.field, detail = l.detail,"
                        + " claimed_block_hash = coalesce(r.claimed_block_hash, l.claimed_block_hash),"
                        + " detected_at = least(r.detected_at, l.detected_at),"
                        + " last_seen = greatest(r.last_seen, l.last_seen) FROM %2$s.integrity_incident l"
                        + " WHERE r.fingerprint = l.fingerprint").formatted(rebuilt, live));
                log.info("Carried over from the live schema: {} rebuild(s) of other services, {} unalerted incident(s),"
                        + " what {} incident(s) held beyond their alerts", rebuilds, unalerted, completed);
            });
        } catch (DataAccessException unreadable) {
            log.warn("The live schema {} cannot be read ({}): the rebuilds asked of other services are not carried"
                    + " over, and incidents keep what their alerts carry", liveSchema, unreadable.getMessage());
        }
    }

    private Checkpoint verified(String note) {
        return Replay.verifiedCheckpoint(note, trust.ledger().keys(), service());
    }
}
