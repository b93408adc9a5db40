package health.datasafe.transaction.initiator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How many of this instance's transactions may be on their way to the ledger at once, adjusted to what the pipeline
 * behind it commits in time. A fixed bound lets a queue grow until every transaction in it waits longer than its
 * client does (the bench saw 256 requests in flight take 7 s each while the JVMs were still compiling, every one of
 * them a timeout for the client and wasted work for the system); this one shrinks when transactions take longer than
 * {@code dsh.admission.target-latency} from submit to outcome, in proportion (at most halving per window), and grows
 * again (at most by a quarter per window) while they are faster and the limit is in use. Little's law does the rest:
 * in-flight ÷ throughput is the time each one waits, so a limit that keeps the time near the target keeps the queue
 * short and the throughput where the pipeline's batching puts it. A request counts from the moment it is admitted
 * ({@link #reserve}); the transaction it starts ({@link #started}, on the same thread) counts on from that moment until
 * its outcome arrives, or until {@code max-age} (then it counts as that slow), so the time measured includes the wait
 * before the transaction was even stored. A stalled pipeline therefore fills the limit and further requests are
 * refused at once instead of piling up.
 */
final class CommitLatencyLimit {

    private static final Logger log = LoggerFactory.getLogger(CommitLatencyLimit.class);
    /** Fewer outcomes than this in a window say too little to adjust on. */
    private static final int MIN_SAMPLES = 3;
    private static final double MAX_SHRINK = 0.5;
    private static final double MAX_GROWTH = 1.25;

    private final long targetNanos;
    private final int minLimit;
    private final int maxLimit;
    private final long windowNanos;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Long> inFlight = new ConcurrentHashMap<>();
    /** Admitted requests that have not started their transaction yet. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final ThreadLocal<Reservation> current = new ThreadLocal<>();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile int limit;
    private volatile long windowStart;
    private volatile double lastMeanMillis;
    // the window's outcomes, guarded by this
    private long sumNanos;
    private int samples;

    CommitLatencyLimit(AdmissionSettings settings, LongSupplier nanoTime) {
        this.targetNanos = settings.targetLatency().toNanos();
        this.minLimit = settings.minLimit();
        this.maxLimit = settings.maxLimit();
        this.windowNanos = settings.window().toNanos();
        this.maxAgeNanos = settings.maxAge().toNanos();
        this.nanoTime = nanoTime;
        this.limit = settings.initialLimit();
        this.windowStart = nanoTime.getAsLong();
    }

    /**
     * Admits one more request that may start a transaction on this thread, or returns null when as many are in flight
     * as the limit allows. Close the reservation when the request ends.
     */
    Reservation reserve() {
        long now = nanoTime.getAsLong();
        adjustIfDue(now);
        int before;
        do {
            before = reserved.get();
            if (before + inFlight.size() >= limit) {
                return null;
            }
        } while (!reserved.compareAndSet(before, before + 1));
        peak.accumulateAndGet(before + 1 + inFlight.size(), Math::max);
        Reservation reservation = new Reservation(now);
        current.set(reservation);
        return reservation;
    }

    /**
     * A transaction of this instance was published: it counts until {@link #settled}, from when this thread's request
     * was admitted (from now without one).
     */
    void started(String transactionId) {
        long since = nanoTime.getAsLong();
        Reservation reservation = current.get();
        if (reservation != null && !reservation.started) {
            reservation.started = true;
            reserved.decrementAndGet();
            since = reservation.admittedAt;
        }
        inFlight.put(transactionId, since);
        peak.accumulateAndGet(inFlight(), Math::max);
    }

    /** A transaction's outcome arrived; one this instance did not start (or no longer counts) changes nothing. */
    void settled(String transactionId) {
        Long started = inFlight.remove(transactionId);
        if (started != null) {
            long now = nanoTime.getAsLong();
            sample(now - started);
            adjustIfDue(now);
        }
    }

    int limit() {
        return limit;
    }

    /** Requests admitted and transactions started, not yet settled. */
    int inFlight() {
        return reserved.get() + inFlight.size();
    }

    /** The mean submit→outcome time of the last window that had enough outcomes, in milliseconds. */
    double lastMeanMillis() {
        return lastMeanMillis;
    }

    private synchronized void sample(long nanos) {
        sumNanos += nanos;
        samples++;
    }

    private void adjustIfDue(long now) {
        if (now - windowStart >= windowNanos) {
            adjust(now);
        }
    }

    private synchronized void adjust(long now) {
        if (now - windowStart < windowNanos) {
            return; // another thread adjusted this window
        }
        inFlight.forEach((id, started) -> {
            if (now - started >= maxAgeNanos && inFlight.remove(id, started)) {
                sample(now - started);
            }
        });
        if (samples >= MIN_SAMPLES) {
            double mean = sumNanos / (double) samples;
            lastMeanMillis = mean / 1e6;
            double ratio = targetNanos / mean;
            int before = limit;
            if (ratio < 1) {
                limit = Math.max(minLimit, (int) (limit * Math.max(MAX_SHRINK, ratio)));
            } else if (peak.get() * 2 >= limit) {
                limit = Math.min(maxLimit, Math.max(limit + 1, (int) (limit * Math.min(MAX_GROWTH, ratio))));
            }
            if (limit != before) {
                log.debug("Transactions in flight limited to {} (was {}): mean {} ms to an outcome, target {} ms",
                        limit, before, Math.round(lastMeanMillis), targetNanos / 1_000_000);
            }
        }
        sumNanos = 0;
        samples = 0;
        peak.set(inFlight());
        windowStart = now;
    }

    /** An admitted request; it stops counting when closed unless it started a transaction, which counts on. */
    final class Reservation implements AutoCloseable {

        private final long admittedAt;
        private boolean started;

        private Reservation(long admittedAt) {
            this.admittedAt = admittedAt;
        }

        @Override
        public void close() {
            current.remove();
            if (!started) {
                started = true;
                reserved.decrementAndGet();
            }
        }
    }
}
