package health.datasafe.report.rebuild;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.trust.Trust;
import health.datasafe.report.accesslog.AccessLogReplay;
import health.datasafe.report.accesslog.AccessLogWriting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.function.Consumer;

/**
 * How the access log is rebuilt (the kit's {@code Rebuilds} runs it): {@link AccessLogReplay} re-reads
 * {@code dsh.ledger.blocks} and projects every block that passes the listener's screen; the listener is what writes,
 * so it stops for the catch-up and the checks. With a checkpoint the caller kept (which must verify with a key of
 * {@code dsh.trust.ledger-keys}, or the request is refused), the replayed blocks must reach every shard's log size in
 * it. Without one, the rebuilt log must hold every entry of the live one, as far as the live one can still be read.
 */
@Component
class ReportRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(ReportRebuild.class);

    private final AccessLogReplay replay;
    private final AccessLogWriting writing;
    private final Trust trust;

    ReportRebuild(AccessLogReplay replay, AccessLogWriting writing, Trust trust) {
        this.replay = replay;
        this.writing = writing;
        this.trust = trust;
    }

    @Override
    public String service() {
        return "report-service";
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
        writing.pause();
    }

    @Override
    public void resumeWriting() {
        writing.resume();
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        if (checkpoint != null) {
            replay.confirm(target, verified(checkpoint));
            return;
        }
        try {
            replay.confirmHoldsAllOf(target, rebuiltSchema, liveSchema);
        } catch (DataAccessException unreadable) {
            log.warn("The live access log cannot be read ({}): nothing to compare the rebuilt one with",
                    unreadable.getMessage());
        }
    }

    private Checkpoint verified(String note) {
        return Replay.verifiedCheckpoint(note, trust.ledger().keys(), service());
    }
}
