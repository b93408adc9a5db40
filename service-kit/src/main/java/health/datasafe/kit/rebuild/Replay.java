package health.datasafe.kit.rebuild;

import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;

import javax.sql.DataSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a service rebuilds by replaying its input topics, for {@link Rebuilds}: one bean per service that can. The
 * state lives in the service's own schema; a rebuild fills a fresh schema with the same migrations.
 */
public interface Replay {

    /** How far a replay is: records read of those it will read. */
    record Progress(long recordsReplayed, long recordsTotal) {
    }

    /**
     * The checkpoint a rebuild request names, verified with one of {@code keys} (the ledger keys the service trusts);
     * {@link RebuildRequestInvalid} when there is no key to verify with, or it does not parse or verify.
     */
    static Checkpoint verifiedCheckpoint(String note, List<Ed25519.VerifyingKey> keys, String service) {
        if (keys.isEmpty()) {
            throw new RebuildRequestInvalid("no ledger key is trusted (dsh.trust.ledger-keys), so no checkpoint can be"
                    + " verified");
        }
        try {
            return BundleVerifier.verifiedCheckpoint(note, keys);
        } catch (CheckpointInvalid invalid) {
            throw new RebuildRequestInvalid("the checkpoint is not one the " + service + " can trust: "
                    + invalid.getMessage());
        }
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
