package health.datasafe.validator.epoch;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.validator.ValidatorServiceTestBase;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EpochIntegrationTest extends ValidatorServiceTestBase {

    @Test
    void aValidatedTransactionIsFollowedByTheEndOfItsEpochInEveryPartition() throws Exception {
        Transaction registration = INITIATOR.identity(unique("dr"), Role.CLINICIAN, Instant.now());
        submit(registration);
        Output validated = awaitDecision(registration);
        assertThat(validated.validated()).isTrue();

        await().atMost(PATIENCE).until(() -> epochEndAfter(validated) != null);
        EpochMark end = epochEndAfter(validated);
        assertThat(end.end().validator()).isEqualTo(VALIDATOR_ID);
        assertThat(end.end().endedAt().getNano() % 1_000_000).isZero();
        // the same epoch ends in every partition, signed for that partition: the ledger cuts its blocks and
        // checkpoints there
        await().atMost(PATIENCE).until(() -> epochEndsSoFar().stream()
                .filter(mark -> mark.end().epoch() == end.end().epoch()).map(EpochMark::partition).distinct().count()
                == RealInfrastructure.PARTITIONS);
        assertThat(epochEndsSoFar()).filteredOn(mark -> mark.end().epoch() == end.end().epoch()).allSatisfy(mark -> {
            assertThat(mark.end().shard()).isEqualTo(mark.partition());
            assertThat(mark.end().endedAt()).isEqualTo(end.end().endedAt());
            Decisions.verify(mark.end(), TrustedKeys.of(List.of(VALIDATOR_KEY.verifyingKey())));
        });
    }

    @Test
    void anEpochEndsEarlyOnceAPartitionHoldsTheMostTransactionsABlockMay() throws Exception {
        int partition = partitionOf(unique("dr"));
        List<Transaction> registrations = IntStream.range(0, 3 * MAX_BLOCK_TRANSACTIONS + 1)
                .mapToObj(i -> INITIATOR.identity(actorIn(partition), Role.CLINICIAN, Instant.now())).toList();
        for (Transaction registration : registrations) {
            submit(registration);
        }
        var decided = new ArrayList<Output>();
        for (Transaction registration : registrations) {
            decided.add(awaitDecision(registration));
        }
        Output last = decided.stream().max(Comparator.comparingLong(Output::offset)).orElseThrow();
        await().atMost(PATIENCE).until(() -> epochEndAfter(last) != null);

        // between two epoch ends of the partition, at most MAX_BLOCK_TRANSACTIONS of these transactions
        List<Long> ends = epochEndsSoFar().stream().filter(mark -> mark.partition() == partition)
                .map(EpochMark::offset).sorted().toList();
        long previous = -1;
        for (long end : ends) {
            long from = previous;
            long held = decided.stream().filter(output -> output.offset() > from && output.offset() < end).count();
            assertThat(held).as("transactions before the epoch end at offset " + end).isLessThanOrEqualTo(MAX_BLOCK_TRANSACTIONS);
            previous = end;
        }
        assertThat(decided).allSatisfy(output -> assertThat(output.partition()).isEqualTo(partition));
    }

    private static String actorIn(int partition) {
        while (true) {
            String actor = unique("dr");
            if (partitionOf(actor) == partition) {
                return actor;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % RealInfrastructure.PARTITIONS;
    }
}
