package health.datasafe.validator.intake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.devsupport.Mutations;
import health.datasafe.devsupport.Poison;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.validator.TestInitiator;
import health.datasafe.validator.consent.ConsentEngine;
import health.datasafe.validator.consent.EmergencyPolicy;
import health.datasafe.validator.consent.TrustedInitiators;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The validator's screening entry point on arbitrary bytes of {@code dsh.tx.submitted}: the kit's EventReader, then
 * the consent engine's stateless screen (schema, initiator signature). Either refuses with {@link RecordRefused} or a
 * rejection; a transaction that passes both can be hashed. Nothing else may happen: anything else would be retried or
 * stall the partition. {@code JAZZER_FUZZ=1} fuzzes the target (docs/fuzzing.md); every build runs the seeds and
 * 2,000 mutations of them.
 */
class SubmissionScreenFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final EventReader EVENTS = new EventReader(JSON);
    private static final TestInitiator INITIATOR = new TestInitiator();
    private static final ConsentEngine ENGINE = new ConsentEngine(new TrustedInitiators(
            TrustedKeys.fromX509(List.of(INITIATOR.publicKey()))), EmergencyPolicy.DEFAULT);

    static void screen(byte[] data) {
        Transaction tx;
        try {
            tx = EVENTS.read(data, TransactionSubmitted.class).transaction();
        } catch (RecordRefused refused) {
            return;
        }
        if (tx != null && ENGINE.screen(tx).isEmpty()) {
            Transactions.hash(tx);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void submitted(byte[] data) {
        screen(data);
    }

    @Test
    void mutatedSubmissionsAreRefusedOrScreenedNeverAnythingElse() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        var transactions = List.of(INITIATOR.patient("p-1", at), INITIATOR.identity("dr-1", Role.CLINICIAN, at),
                INITIATOR.recordAdded("p-1", "dr-1", "rec-1", at),
                INITIATOR.consentGranted("p-1", "c-1", "dr-1", Purpose.TREATMENT, at, at.plus(Duration.ofDays(1)), at),
                INITIATOR.recordAccessed("p-1", "dr-1", "rec-1", Purpose.TREATMENT, at));
        var seeds = new ArrayList<byte[]>();
        transactions.forEach(tx -> seeds.add(JSON.writeValueAsBytes(new TransactionSubmitted(tx))));
        Poison.around(new String(seeds.getFirst(), StandardCharsets.UTF_8)).forEach(poison -> seeds.add(poison.value()));
        Mutations.run(seeds, SubmissionScreenFuzzTest::screen, 2000, Long.getLong("kit.seed", 20261201L));
    }
}
