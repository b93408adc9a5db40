package health.datasafe.ledger.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.StrictJson;
import health.datasafe.ledger.block.BlockCommitter;
import health.datasafe.ledger.block.LedgerReplay;
import health.datasafe.ledger.block.RebuiltLogDiffers;
import health.datasafe.ledger.node.NodeKey;
import health.datasafe.ledger.verify.PublishedCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds this node's ledger by replay, one rebuild at a time, while the node keeps serving. A replay fills a fresh
 * schema from the beginning of {@code dsh.tx.validated} ({@link LedgerReplay}: every transaction re-hashed, every
 * Merkle root, block hash, signature and log recomputed); then the committer stops, the replay catches up with what
 * arrived meanwhile, and the rebuilt ledger must reach every signed checkpoint it can find: the newest in the live
 * schema, the newest on {@code dsh.ledger.checkpoints}, and the one the caller kept, if any. Only on a match does it
 * replace the live schema, atomically ({@link LedgerSchemas}); on any mismatch the old ledger stays and the rebuild is
 * FAILED naming shard, height, expected and actual values. The committer starts again either way. Progress goes to
 * the log every few seconds. Rebuilds are remembered until the node stops.
 */
@Service
public class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final String SERVICE = "ledger-service";
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final LedgerReplay replay;
    private final BlockCommitter committer;
    private final LedgerSchemas schemas;
    private final PublishedCheckpoints published;
    private final NodeKey key;
    private final JsonMapper json;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final AtomicReference<Rebuild> running = new AtomicReference<>();

    Rebuilds(LedgerReplay replay, BlockCommitter committer, LedgerSchemas schemas, PublishedCheckpoints published,
             NodeKey key, JsonMapper json) {
        this.replay = replay;
        this.committer = committer;
        this.schemas = schemas;
        this.published = published;
        this.key = key;
        this.json = json;
    }

    /** Starts a rebuild; the body, if any, is a {@link RebuildRequest}. */
    RebuildStatus start(byte[] body) {
        Checkpoint kept = keptCheckpoint(body);
        var rebuild = new Rebuild(UUID.randomUUID().toString());
        if (!running.compareAndSet(null, rebuild)) {
            throw new RebuildRunning(running.get().id);
        }
        rebuilds.put(rebuild.id, rebuild);
        String live = schemas.live();
        Thread thread = new Thread(() -> run(rebuild, live, kept), "ledger-rebuild");
        thread.setDaemon(true);
        thread.start();
        return rebuild.status();
    }

    RebuildStatus status(String id) {
        Rebuild rebuild = rebuilds.get(id);
        if (rebuild == null) {
            throw new RebuildNotFound(id);
        }
        return rebuild.status();
    }

    private Checkpoint keptCheckpoint(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        RebuildRequest request;
        try {
            request = json.readerFor(RebuildRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readValue(StrictJson.decode(body));
        } catch (JacksonException | CanonicalJson.MalformedJson malformed) {
            throw new RebuildRequestInvalid("the body is not a rebuild request {\"checkpoint\": \"<signed note>\"}: "
                    + malformed.getMessage());
        }
        if (request == null) {
            throw new RebuildRequestInvalid("the body is not a rebuild request: null");
        }
        if (request.checkpoint() == null) {
            return null;
        }
        try {
            return BundleVerifier.verifiedCheckpoint(request.checkpoint(), key.trustedKeys());
        } catch (CheckpointInvalid invalid) {
            throw new RebuildRequestInvalid("the checkpoint is not one this ledger can trust: " + invalid.getMessage());
        }
    }

    private void run(Rebuild rebuild, String live, Checkpoint kept) {
        String suffix = rebuild.id.substring(0, 8);
        String schema = live + "_rebuild_" + suffix;
        boolean switched = false;
        log.info("Rebuild {}: replaying {} into schema {}", rebuild.id, "dsh.tx.validated", schema);
        try (HikariDataSource target = schemas.create(schema)) {
            replay.replay(target, rebuild::progressed);
            committer.stop();
            try {
                replay.replay(target, rebuild::progressed);
                for (Checkpoint checkpoint : checkpointsToReach(kept)) {
                    replay.confirm(target, checkpoint);
                }
                schemas.carryOverAnnouncements(schema, live);
                target.close();
                schemas.switchTo(schema, live, live + "_replaced_" + suffix);
                switched = true;
                rebuild.finish(RebuildStatus.State.DONE, null);
            } finally {
                committer.start();
            }
        } catch (RebuiltLogDiffers differs) {
            rebuild.finish(RebuildStatus.State.FAILED, differs.getMessage());
        } catch (RuntimeException failure) {
            log.error("Rebuild {} failed", rebuild.id, failure);
            rebuild.finish(RebuildStatus.State.FAILED, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        } finally {
            if (!switched) {
                dropQuietly(schema);
            }
            running.set(null);
        }
        log.info("Rebuild {} {}: {} of {} records{}", rebuild.id, rebuild.state, rebuild.replayed, rebuild.total,
                rebuild.failure == null ? "" : "; " + rebuild.failure);
    }

    /** The newest signed checkpoints: the live schema's, the checkpoint topic's, and the kept one; unsigned ones skipped. */
    private List<Checkpoint> checkpointsToReach(Checkpoint kept) {
        var notes = new ArrayList<String>();
        schemas.newestLiveCheckpoint().ifPresent(notes::add);
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
            checkpoints.add(kept);
        }
        return checkpoints;
    }

    private void dropQuietly(String schema) {
        try {
            schemas.drop(schema);
        } catch (RuntimeException e) {
            log.warn("Could not drop the unused rebuilt schema {}: {}", schema, e.getMessage());
        }
    }

    /** One rebuild's progress, written by its thread and read by requests. */
    private static final class Rebuild {

        private final String id;
        private final long startedNanos = System.nanoTime();
        private volatile RebuildStatus.State state = RebuildStatus.State.RUNNING;
        private volatile long replayed;
        private volatile long total;
        private volatile String failure;
        private long loggedNanos = startedNanos;

        private Rebuild(String id) {
            this.id = id;
        }

        private void progressed(LedgerReplay.Progress progress) {
            replayed = progress.recordsReplayed();
            total = progress.recordsTotal();
            long now = System.nanoTime();
            if (now - loggedNanos >= LOG_EVERY.toNanos()) {
                loggedNanos = now;
                RebuildStatus status = status();
                log.info("Rebuild {}: {} of {} records, {}/s, about {} s left", id, status.recordsReplayed(),
                        status.recordsTotal(), status.perSecond(), status.etaSeconds());
            }
        }

        private void finish(RebuildStatus.State state, String failure) {
            this.failure = failure;
            this.state = state;
        }

        private RebuildStatus status() {
            double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
            long perSecond = (long) (replayed / seconds);
            long left = Math.max(0, total - replayed);
            long eta = state != RebuildStatus.State.RUNNING || perSecond == 0 ? 0 : (left + perSecond - 1) / perSecond;
            return new RebuildStatus(id, SERVICE, state, replayed, total, perSecond, eta, failure);
        }
    }
}
