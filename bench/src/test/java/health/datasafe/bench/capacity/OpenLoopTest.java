package health.datasafe.bench.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenLoopTest {

    @Test
    void arrivalsKeepTheirClockWhileEveryEarlierOneIsStillOutstanding() throws Exception {
        var release = new CountDownLatch(1);
        var dues = new ConcurrentLinkedQueue<Long>();
        var loop = new OpenLoop(200, 10_000);
        long start = System.nanoTime() + 20_000_000;

        OpenLoop.Arrivals arrivals = loop.run(start, Duration.ofMillis(500), new OpenLoop.Arrival() {
            @Override
            public void send(long index, long dueNanos) throws InterruptedException {
                dues.add(dueNanos - start);
                release.await();
            }

            @Override
            public void notOffered(long index, long dueNanos) {
                throw new AssertionError("nothing should be refused below the cap");
            }
        });

        // none has finished, yet every one of the 100 arrivals was started on its own clock
        assertThat(arrivals.due()).isEqualTo(100);
        assertThat(arrivals.started()).isEqualTo(100);
        assertThat(arrivals.notOffered()).isZero();
        assertThat(loop.outstanding()).isEqualTo(100);
        List<Long> sorted = dues.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).isEqualTo(i * 5_000_000L);
        }
        assertThat(loop.awaitQuiet(Duration.ofMillis(50))).isFalse();
        release.countDown();
        assertThat(loop.awaitQuiet(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.outstanding()).isZero();
    }

    @Test
    void arrivalsBeyondTheCapAreCountedAsNotOfferedInsteadOfQueued() throws Exception {
        var release = new CountDownLatch(1);
        var notOffered = new AtomicLong();
        var loop = new OpenLoop(400, 30);

        OpenLoop.Arrivals arrivals = loop.run(System.nanoTime(), Duration.ofMillis(250), new OpenLoop.Arrival() {
            @Override
            public void send(long index, long dueNanos) throws InterruptedException {
                release.await();
            }

            @Override
            public void notOffered(long index, long dueNanos) {
                notOffered.incrementAndGet();
            }
        });
        release.countDown();

        assertThat(arrivals.due()).isEqualTo(100);
        assertThat(arrivals.started()).isEqualTo(30);
        assertThat(arrivals.notOffered()).isEqualTo(70).isEqualTo(notOffered.get());
        assertThat(loop.awaitQuiet(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aFailingArrivalDoesNotStopTheClock() throws Exception {
        var sent = new AtomicLong();
        var loop = new OpenLoop(1000, 100);

        OpenLoop.Arrivals arrivals = loop.run(System.nanoTime(), Duration.ofMillis(50), new OpenLoop.Arrival() {
            @Override
            public void send(long index, long dueNanos) {
                sent.incrementAndGet();
                throw new IllegalStateException("gateway gone");
            }

            @Override
            public void notOffered(long index, long dueNanos) {
            }
        });

        assertThat(loop.awaitQuiet(Duration.ofSeconds(10))).isTrue();
        assertThat(arrivals.started()).isEqualTo(50).isEqualTo(sent.get());
    }

    @Test
    void theArrivalsDueInAWindowAreCountedAsTheClockSchedulesThem() {
        assertThat(OpenLoopLoad.dueBetween(0, 10, 0, 1_000_000_000L)).isEqualTo(10);
        assertThat(OpenLoopLoad.dueBetween(0, 10, 1_000_000_000L, 3_000_000_000L)).isEqualTo(20);
        assertThat(OpenLoopLoad.dueBetween(0, 3, 0, 1_000_000_000L)).isEqualTo(3);
        assertThat(OpenLoopLoad.dueBetween(0, 0.5, 0, 3_000_000_000L)).isEqualTo(2);
    }

    @Test
    void aRateOrCapThatCannotRunIsRefused() {
        assertThatThrownBy(() -> new OpenLoop(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoop(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
