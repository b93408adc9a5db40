package health.datasafe.kit.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds a service's state by replay ({@link Replay}), one rebuild at a time, while the service keeps serving: the
 * replay fills a fresh schema ({@link Schemas}) from its input topics; then the service's own writing pauses, the
 * replay catches up with what arrived meanwhile, and the rebuilt state must pass the service's checks. Only then does
 * it replace the live schema, atomically; on any failure the old state stays and the rebuild is FAILED with the
 * reason. Writing resumes either way. Progress goes to the log every few seconds. Rebuilds are remembered until the
 * service stops.
 */
public class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final Replay replay;
    private final Schemas schemas;
    private final RequestBodies bodies;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final AtomicReference<Rebuild> running = new AtomicReference<>();

    Rebuilds(Replay replay, Schemas schemas, RequestBodies bodies) {
        this.replay = replay;
        this.schemas = schemas;
        this.bodies = bodies;
    }

    /**
     * Starts a rebuild; the body, if any, is a {@link RebuildRequest}, read strictly (unknown fields refused).
     * Throws {@link RebuildRequestInvalid} (400) or {@link RebuildRunning} (409).
     */
    public RebuildStatus start(byte[] body) {
        String checkpoint = checkpointOf(body);
        replay.admit(checkpoint);
        var rebuild = new Rebuild(UUID.randomUUID().toString(), replay.service());
        if (!running.compareAndSet(null, rebuild)) {
            throw new RebuildRunning(running.get().id);
        }
        rebuilds.put(rebuild.id, rebuild);
        String live = schemas.live();
        Thread thread = new Thread(() -> run(rebuild, live, checkpoint), "rebuild");
        thread.setDaemon(true);
        thread.start();
        return rebuild.status();
    }

    /** Throws {@link RebuildNotFound} (404) for an id this service does not know. */
    public RebuildStatus status(String id) {
        Rebuild rebuild = rebuilds.get(id);
        if (rebuild == null) {
            throw new RebuildNotFound(id);
        }
        return rebuild.status();
    }

    private String checkpointOf(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return bodies.parse(body, RebuildRequest.class).checkpoint();
        } catch (MalformedBody malformed) {
            throw new RebuildRequestInvalid("the body is not a rebuild request {\"checkpoint\": \"<signed note>\"}: "
                    + malformed.getBody().getDetail());
        }
    }

    private void run(Rebuild rebuild, String live, String checkpoint) {
        String suffix = rebuild.id.substring(0, 8);
        String schema = live + "_rebuild_" + suffix;
        boolean switched = false;
        RebuildStatus.State outcome = RebuildStatus.State.FAILED;
        String failure = null;
        log.info("Rebuild {} of {}: replaying into schema {}", rebuild.id, rebuild.service, schema);
        try (HikariDataSource target = schemas.create(schema)) {
            replay.replay(target, rebuild::progressed);
            replay.pauseWriting();
            try {
                replay.replay(target, rebuild::progressed);
                replay.check(target, checkpoint, schema, live);
                target.close();
                schemas.switchTo(schema, live, live + "_replaced_" + suffix);
                switched = true;
                outcome = RebuildStatus.State.DONE;
            } finally {
                replay.resumeWriting();
            }
        } catch (RebuildRefused refused) {
            failure = refused.getMessage();
        } catch (RuntimeException unexpected) {
            log.error("Rebuild {} failed", rebuild.id, unexpected);
            failure = unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage();
        } finally {
            if (!switched) {
                dropQuietly(schema);
            }
            // free the slot first: whoever sees this rebuild finished may start the next at once
            running.set(null);
            rebuild.finish(outcome, failure);
        }
        log.info("Rebuild {} {}: {} of {} records{}", rebuild.id, rebuild.state, rebuild.replayed, rebuild.total,
                rebuild.failure == null ? "" : "; " + rebuild.failure);
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
        private final String service;
        private final long startedNanos = System.nanoTime();
        private volatile RebuildStatus.State state = RebuildStatus.State.RUNNING;
        private volatile long replayed;
        private volatile long total;
        private volatile String failure;
        private long loggedNanos = startedNanos;

        private Rebuild(String id, String service) {
            this.id = id;
            this.service = service;
        }

        private void progressed(Replay.Progress progress) {
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
            return new RebuildStatus(id, service, state, replayed, total, perSecond, eta, failure);
        }
    }
}
