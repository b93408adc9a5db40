package health.datasafe.ledger.rebuild;

import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import health.datasafe.ledger.block.BlockCommitter;
import health.datasafe.ledger.block.LedgerReplay;
import health.datasafe.ledger.fork.ForkWatch;
import health.datasafe.ledger.node.NodeKey;
import health.datasafe.ledger.verify.PublishedCheckpoints;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How this node's ledger is rebuilt (the kit's {@code Rebuilds} runs it): {@link LedgerReplay} re-reads
 * {@code dsh.tx.validated} and recomputes every hash, Merkle root, block signature and log, and the fork watch re-reads
 * its peers' signatures ({@link ForkWatch#replaySignatures}), so that rebuilt checkpoints and receipts carry the quorum
 * again; the committer is what
 * writes, so it pauses for the catch-up and the checks. The rebuilt ledger must reach every signed checkpoint it can
 * find: the newest in the live schema, the newest on {@code dsh.ledger.checkpoints}, and the one the caller kept
 * (which must verify with a key this node accepts, or the request is refused); a node on a fork reaches the quorum's
 * checkpoints instead of its own ({@link ForkWatch}). Checkpoints that do not verify are
 * skipped, with a warning. Blocks the live ledger announced are marked announced in the rebuilt one, so only those it
 * lost or never announced are announced again.
 */
@Component
class LedgerRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(LedgerRebuild.class);

    private final LedgerReplay replay;
    private final BlockCommitter committer;
    private final PublishedCheckpoints published;
    private final NodeKey key;
    private final JdbcTemplate jdbc;
    private final ForkWatch forks;
    /**
     * How far the peer signatures were replayed into the rebuild's schema {@link #signaturesTarget}, so that the
     * catch-up goes on from there; one rebuild runs at a time.
     */
    private final Map<TopicPartition, Long> signaturesReplayed = new HashMap<>();
    private DataSource signaturesTarget;

    LedgerRebuild(LedgerReplay replay, BlockCommitter committer, PublishedCheckpoints published, NodeKey key,
                  JdbcTemplate jdbc, ForkWatch forks) {
        this.replay = replay;
        this.committer = committer;
        this.published = published;
        this.key = key;
        this.jdbc = jdbc;
        this.forks = forks;
    }

    @Override
    public String service() {
        return "ledger-service";
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
        if (signaturesTarget != target) {
            signaturesTarget = target;
            signaturesReplayed.clear();
        }
        forks.replaySignatures(target, signaturesReplayed);
    }

    @Override
    public void pauseWriting() {
        committer.stop();
    }

    @Override
    public void resumeWriting() {
        committer.start();
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        for (Checkpoint reached : checkpointsToReach(checkpoint)) {
            replay.confirm(target, reached);
        }
        carryOverAnnouncements(rebuiltSchema, liveSchema);
    }

    private Checkpoint verified(String note) {
        return Replay.verifiedCheckpoint(note, key.trustedKeys(), service());
    }

    /**
     * The newest signed checkpoints: the live schema's, the newest this node published, and the kept one; on a fork,
     * instead of this node's own, the quorum's cosigned checkpoint at each fork, which a quorum of nodes must have
     * signed.
     */
    private List<Checkpoint> checkpointsToReach(String kept) {
        if (onFork()) {
            var checkpoints = new ArrayList<Checkpoint>();
            for (String note : forks.quorumCheckpoints()) {
                checkpoints.add(Checkpoint.verifyQuorum(note, key.trustedKeys(), forks.quorumRequired()).checkpoint());
            }
            log.warn("This node is on a fork: the rebuild must reach the quorum's {} checkpoint(s), not its own",
                    checkpoints.size());
            if (kept != null) {
                checkpoints.add(verified(kept));
            }
            return checkpoints;
        }
        var notes = new ArrayList<String>();
        try {
            jdbc.query("SELECT note FROM checkpoint ORDER BY id DESC LIMIT 1", (rs, row) -> rs.getString(1))
                    .stream().findFirst().ifPresent(notes::add);
        } catch (RuntimeException unreadable) {
            log.warn("The live ledger's checkpoints cannot be read: {}", unreadable.getMessage());
        }
        published.newest().stream().map(CheckpointSigned::note).forEach(notes::add);
        var checkpoints = new ArrayList<Checkpoint>();
        for (String note : notes) {
            try {
                checkpoints.add(BundleVerifier.verifiedCheckpoint(note, key.trustedKeys()));
            } catch (CheckpointInvalid untrusted) {
                log.warn("A checkpoint this ledger cannot trust is not a target of the rebuild: {}", untrusted.getMessage());
            }
        }
        if (kept != null) {
            checkpoints.add(verified(kept));
        }
        return checkpoints;
    }

    /** Whether the live schema records a fork; a live schema that cannot be read (it was lost) records none. */
    private boolean onFork() {
        try {
            return forks.forked();
        } catch (RuntimeException unreadable) {
            log.warn("The live ledger's forks cannot be read ({}): rebuilding to the checkpoints found",
                    unreadable.getMessage());
            return false;
        }
    }

    private void carryOverAnnouncements(String rebuilt, String live) {
        try {
            jdbc.update(("UPDATE %1$s.block r SET published = TRUE FROM %2$s.block l WHERE l.shard = r.shard"
                    + " AND l.height = r.height AND l.hash = r.hash AND l.published")
                    .formatted(Schemas.quoted(rebuilt), Schemas.quoted(live)));
            jdbc.update(("UPDATE %1$s.checkpoint r SET published = TRUE FROM %2$s.checkpoint l WHERE l.shard = r.shard"
                    + " AND l.height = r.height AND l.note = r.note AND l.published")
                    .formatted(Schemas.quoted(rebuilt), Schemas.quoted(live)));
        } catch (RuntimeException unreadable) {
            log.warn("The live ledger's announcements cannot be read ({}): every rebuilt block will be announced again",
                    unreadable.getMessage());
        }
    }
}
