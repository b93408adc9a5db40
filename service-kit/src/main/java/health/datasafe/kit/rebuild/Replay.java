package health.datasafe.kit.rebuild;

import javax.sql.DataSource;
import java.util.function.Consumer;

/**
 * What a service rebuilds by replaying its input topics, for {@link Rebuilds}: one bean per service that can. The
 * state lives in the service's own schema; a rebuild fills a fresh schema with the same migrations.
 */
public interface Replay {

    /** How far a replay is: records read of those it will read. */
    record Progress(long recordsReplayed, long recordsTotal) {
    }

    /** The service's name, as the rebuild status reports it. */
    String service();

    /**
     * Refuses a request whose checkpoint (a signed note the caller kept; null if none) this service cannot use, with
     * {@link RebuildRequestInvalid}.
     */
    void admit(String checkpoint);

    /**
     * Replays the input topics into {@code target} (fresh and migrated, or filled by an earlier call, which it then goes
     * on from) up to where they ended when the call began, telling {@code progress} as it goes.
     */
    void replay(DataSource target, Consumer<Progress> progress);

    /** Stops the service's own writing to its schema (its consumers of those topics), until {@link #resumeWriting}. */
    void pauseWriting();

    void resumeWriting();

    /**
     * With writing paused and the replay caught up: checks the rebuilt state before it replaces the live one (e.g.
     * against signed checkpoints, {@code checkpoint} among them); throws {@link RebuildRefused} naming what differs.
     * May also carry over bookkeeping from the live schema {@code liveSchema} into {@code rebuiltSchema}.
     */
    void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema);
}
