package health.datasafe.ledger.intake;

import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Sha256;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterIntegrationTest extends LedgerServiceTestBase {

    private static final TestInitiator STRANGER = new TestInitiator();

    @Test
    void refusedRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheNextGoodOneIsCommitted() throws Exception {
        String patient = TestInitiator.unique("p-dlt");
        byte[] unparsable = "{\"transaction\": not json".getBytes(StandardCharsets.UTF_8);
        // names the trusted initiator but is signed by another key
        Transaction forged = STRANGER.sign(INITIATOR.unsigned(patient));
        // signed by a key nobody trusts
        Transaction untrusted = STRANGER.recordAccessed(patient);
        // correctly signed, announced with another hash
        Transaction good = INITIATOR.recordAccessed(patient);
        Transaction misHashed = INITIATOR.recordAccessed(patient);
        var wrongHash = new TransactionValidated(misHashed, Sha256.hex("something else".getBytes(StandardCharsets.UTF_8)),
                "validator-it", misHashed.submittedAt());

        publishRaw(patient, unparsable);
        publish(forged);
        publish(untrusted);
        publish(wrongHash);
        publish(good);

        awaitCommitted(List.of(good));
        List<DeadLetter> dead = awaitDeadLetters(patient, 4);
        assertThat(dead).hasSize(4);
        assertThat(dead.get(0).value()).isEqualTo(unparsable);
        assertThat(dead).extracting(letter -> letter.headers().get(Topics.REASON_HEADER).split(":")[0])
                .containsExactly("MALFORMED", "SIGNATURE_INVALID", "UNTRUSTED_INITIATOR", "HASH_MISMATCH");
        assertThat(dead.get(1).headers().get(Topics.REASON_HEADER)).contains(forged.id());
        assertThat(dead).allSatisfy(letter ->
                assertThat(letter.headers()).containsEntry("kafka_dlt-original-topic", Topics.TX_VALIDATED));
        assertThat(committed(List.of(forged.id(), untrusted.id(), misHashed.id()))).isEmpty();
    }
}
