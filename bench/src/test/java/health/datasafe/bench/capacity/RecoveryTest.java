package health.datasafe.bench.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest {

    private static final long SECOND = 1_000_000_000L;

    private static Outcome outcome(double dueSeconds, OutcomeKind kind, double latencyMillis) {
        return new Outcome(0, Math.round(dueSeconds * SECOND), kind, Math.round(latencyMillis * 1e6), false, "", 0, "");
    }

    @Test
    void recoveredFromTheFirstArrivalAfterWhichEveryOneCommittedInTime() {
        List<Outcome> outcomes = List.of(
                outcome(10, OutcomeKind.SHED, 3),
                outcome(11, OutcomeKind.COMMITTED, 400),
                outcome(12, OutcomeKind.COMMITTED, 2500),
                outcome(13, OutcomeKind.COMMITTED, 300),
                outcome(14, OutcomeKind.COMMITTED, 200),
                outcome(15, OutcomeKind.COMMITTED, 150));

        Recovery recovery = Recovery.of(2, 6, outcomes, 1000, 8 * SECOND);

        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.secondsUntilNormal()).isEqualTo(5.0);
        assertThat(recovery.arrivals()).isEqualTo(6);
    }

    @Test
    void notRecoveredWhenTheLastArrivalStillFailed() {
        List<Outcome> outcomes = List.of(
                outcome(10, OutcomeKind.COMMITTED, 100),
                outcome(11, OutcomeKind.TIMEOUT, 10_000));

        Recovery recovery = Recovery.of(2, 2, outcomes, 1000, 8 * SECOND);

        assertThat(recovery.recovered()).isFalse();
        assertThat(recovery.secondsUntilNormal()).isNull();
    }
}
