package health.datasafe.recovery.audit;

import org.springframework.stereotype.Component;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether audits, which write incidents, may run: paused while a rebuild of the recovery-service's own state catches
 * up and checks. Pausing waits for a running audit to end; while paused, scheduled audits skip their turn and an
 * audit on demand is refused ({@link AuditsPaused}).
 */
@Component
public class AuditWriting {

    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean paused;

    /** Returns once no audit runs, and none starts until {@link #resume}. */
    public void pause() {
        paused = true;
        running.lock();
        running.unlock();
    }

    public void resume() {
        paused = false;
    }

    boolean paused() {
        return paused;
    }

    /** Runs the audit unless audits are paused ({@link AuditsPaused}). */
    AuditResult run(java.util.function.Supplier<AuditResult> audit) {
        running.lock();
        try {
            if (paused) {
                throw new AuditsPaused();
            }
            return audit.get();
        } finally {
            running.unlock();
        }
    }
}
