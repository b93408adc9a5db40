package health.datasafe.ledger.intake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.Mutations;
import health.datasafe.devsupport.Poison;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.trust.Trust;
import health.datasafe.ledger.TestInitiator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's screening entry point on arbitrary bytes of {@code dsh.tx.validated}: {@link Intake#admit} answers an
 * admission for anything, accepted or refused with a reason, and never throws (a throw would restart the committer
 * from its offsets and meet the same record again). {@code JAZZER_FUZZ=1} fuzzes the target (docs/fuzzing.md); every
 * build runs the seeds and 2,000 mutations of them.
 */
class IntakeFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final TestInitiator INITIATOR = new TestInitiator();
    private static final Intake INTAKE = new Intake(new EventReader(JSON), new Trust(
            TrustedKeys.fromX509(List.of(INITIATOR.publicKey())), TrustedKeys.none(),
            TrustedKeys.of(List.of(TestInitiator.VALIDATOR.key()))));

    static void admit(byte[] data) {
        Admission admission = INTAKE.admit(new ConsumerRecord<>(Topics.TX_VALIDATED, 0, 0L, "key", data));
        if (admission == null) {
            throw new AssertionError("no admission");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void validated(byte[] data) {
        admit(data);
    }

    @Test
    void mutatedRecordsAreAdmittedOrRefusedNeverThrown() {
        var seeds = new ArrayList<byte[]>();
        seeds.add(JSON.writeValueAsBytes(TestInitiator.validated(INITIATOR.recordAccessed("p-1"))));
        seeds.add(JSON.writeValueAsBytes(TestInitiator.validated(new TestInitiator(Ed25519.SigningKey.generate())
                .recordAccessed("p-2"))));
        Poison.around(new String(seeds.getFirst(), StandardCharsets.UTF_8)).forEach(poison -> seeds.add(poison.value()));
        Mutations.run(seeds, IntakeFuzzTest::admit, 2000, Long.getLong("kit.seed", 20261201L));
    }
}
