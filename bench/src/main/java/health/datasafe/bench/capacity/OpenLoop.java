package health.datasafe.bench.capacity;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Arrivals at a fixed rate, on a clock: arrival {@code i} is due {@code i / rate} seconds after the start, whatever
 * became of the ones before, and each runs in its own virtual thread, so a slow answer never delays the next
 * arrival (a closed loop would wait, and measure its own patience instead of the system). Arrivals that find
 * {@code maxOutstanding} others still running are not sent but counted as not offered, so a system that stops
 * answering cannot make the client run out of memory. An arrival the clock is late for (a pause of this JVM) is sent
 * at once with its due time kept, so latencies measured from it include the lateness.
 */
public final class OpenLoop {

    private final double ratePerSecond;
    private final int maxOutstanding;
    private final AtomicLong outstanding = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quiet = lock.newCondition();

    public OpenLoop(double ratePerSecond, int maxOutstanding) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be above 0, was " + ratePerSecond);
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be at least 1, was " + maxOutstanding);
        }
        this.ratePerSecond = ratePerSecond;
        this.maxOutstanding = maxOutstanding;
    }

    /** What the clock does with one arrival; called on the arrival's own virtual thread, or on the clock's. */
    public interface Arrival {

        /** Sends arrival {@code index}, due at {@code dueNanos} ({@link System#nanoTime()}). */
        void send(long index, long dueNanos) throws Exception;

        /** Arrival {@code index} was not sent: {@code maxOutstanding} others were still running. */
        void notOffered(long index, long dueNanos);
    }

    /**
     * Starts arrivals from {@code startNanos} until {@code length} has passed and returns (without waiting for them
     * to finish: see {@link #awaitQuiet}).
     */
    public Arrivals run(long startNanos, Duration length, Arrival arrival) {
        double intervalNanos = 1e9 / ratePerSecond;
        long endNanos = startNanos + length.toNanos();
        long started = 0;
        long notOffered = 0;
        long maxLateNanos = 0;
        for (long index = 0; ; index++) {
            long due = startNanos + Math.round(index * intervalNanos);
            if (due >= endNanos) {
                return new Arrivals(index, started, notOffered, maxLateNanos / 1e6);
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLateNanos = Math.max(maxLateNanos, -wait);
            if (outstanding.get() >= maxOutstanding) {
                notOffered++;
                arrival.notOffered(index, due);
                continue;
            }
            outstanding.incrementAndGet();
            started++;
            long thisIndex = index;
            Thread.ofVirtual().name("bench-arrival-" + index).start(() -> {
                try {
                    arrival.send(thisIndex, due);
                } catch (Exception e) {
                    // the arrival counts its own failures; nothing may stop the clock
                } finally {
                    if (outstanding.decrementAndGet() == 0) {
                        lock.lock();
                        try {
                            quiet.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            });
        }
    }

    /** Arrivals still running. */
    public long outstanding() {
        return outstanding.get();
    }

    /** Waits until no arrival is running, at most {@code timeout}; returns whether none is. */
    public boolean awaitQuiet(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (outstanding.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                quiet.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the clock did.
     *
     * @param due            arrivals that fell due
     * @param started        of those, how many were sent, each on its own virtual thread
     * @param notOffered     of those, how many were not, because {@code maxOutstanding} were running
     * @param maxLateMillis  the most the clock was behind an arrival's due time
     */
    public record Arrivals(long due, long started, long notOffered, double maxLateMillis) {
    }
}
