package health.datasafe.transaction.initiator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The limit adjusts to the time transactions take to an outcome, window by window, read from a clock the test moves. */
class CommitLatencyLimitTest {

    private final AtomicLong now = new AtomicLong();
    private final CommitLatencyLimit limit = new CommitLatencyLimit(new AdmissionSettings(Duration.ofMillis(1000), 40,
            10, 100, Duration.ofMillis(250), Duration.ofSeconds(30)), now::get);
    private int next;

    /** {@code count} transactions started now that all settle {@code millis} later. */
    private void outcomesTaking(int count, long millis) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "tx-" + next++;
            limit.started(ids[i]);
        }
        advance(millis);
        for (String id : ids) {
            limit.settled(id);
        }
    }

    private void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    /** Moves past the window and lets the limit adjust on what it saw. */
    private void closeWindow() {
        advance(250);
        admits();
    }

    /** Whether a request would be admitted now (its reservation closed at once). */
    private boolean admits() {
        try (var reservation = limit.reserve()) {
            return reservation != null;
        }
    }

    @Test
    void transactionsSlowerThanTheTargetShrinkTheLimitInProportion() {
        outcomesTaking(20, 1250);
        closeWindow();

        assertThat(limit.limit()).isEqualTo(32); // 40 × 1000 / 1250
        assertThat(limit.lastMeanMillis()).isEqualTo(1250);
    }

    @Test
    void oneWindowShrinksTheLimitByHalfAtMost() {
        outcomesTaking(20, 10_000);
        closeWindow();

        assertThat(limit.limit()).isEqualTo(20);
    }

    @Test
    void theLimitNeverShrinksBelowItsMinimum() {
        for (int i = 0; i < 10; i++) {
            outcomesTaking(20, 10_000);
            closeWindow();
        }

        assertThat(limit.limit()).isEqualTo(10);
    }

    @Test
    void fastTransactionsGrowALimitInUseByAQuarterPerWindowUpToItsMaximum() {
        outcomesTaking(30, 100);
        closeWindow();
        assertThat(limit.limit()).isEqualTo(50);

        for (int i = 0; i < 10; i++) {
            outcomesTaking(60, 100);
            closeWindow();
        }
        assertThat(limit.limit()).isEqualTo(100);
    }

    @Test
    void aLimitHardlyInUseDoesNotGrow() {
        outcomesTaking(5, 100);
        closeWindow();

        assertThat(limit.limit()).isEqualTo(40);
    }

    @Test
    void tooFewOutcomesInAWindowLeaveTheLimitAsItIs() {
        outcomesTaking(2, 5000);
        closeWindow();

        assertThat(limit.limit()).isEqualTo(40);
    }

    @Test
    void aFullLimitAdmitsNothingMoreUntilAnOutcomeArrives() {
        for (int i = 0; i < 40; i++) {
            limit.started("held-" + i);
        }
        assertThat(admits()).isFalse();

        limit.settled("held-0");

        assertThat(admits()).isTrue();
        assertThat(limit.inFlight()).isEqualTo(39);
    }

    @Test
    void anAdmittedRequestCountsUntilItEndsWithoutATransaction() {
        var reservation = limit.reserve();
        assertThat(limit.inFlight()).isEqualTo(1);

        reservation.close();

        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aTransactionStartedByAnAdmittedRequestCountsFromTheAdmissionUntilItsOutcome() {
        for (int i = 0; i < 20; i++) {
            try (var reservation = limit.reserve()) {
                advance(10);
                limit.started("tx-" + i);
            }
        }
        assertThat(limit.inFlight()).isEqualTo(20);
        advance(750);
        closeWindow(); // at 1,200 ms: the outcomes below fall in one window
        for (int i = 0; i < 20; i++) {
            limit.settled("tx-" + i);
        }
        closeWindow();

        assertThat(limit.inFlight()).isZero();
        assertThat(limit.lastMeanMillis()).isEqualTo(1105); // admitted 10 ms before each start, the starts 10 ms apart
    }

    @Test
    void anOutcomeOfATransactionStartedElsewhereChangesNothing() {
        limit.started("ours");
        limit.settled("another instance's");

        assertThat(limit.inFlight()).isEqualTo(1);
    }

    @Test
    void aTransactionWithoutOutcomeStopsCountingAfterMaxAgeAndCountsAsThatSlow() {
        for (int i = 0; i < 40; i++) {
            limit.started("stalled-" + i);
        }
        assertThat(admits()).isFalse();

        advance(30_000);
        closeWindow();

        assertThat(limit.inFlight()).isZero();
        assertThat(admits()).isTrue();
        assertThat(limit.limit()).isEqualTo(20);
    }
}
