package health.datasafe.ledger.intake;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.devsupport.DeadLetterTopic.DeadLetter;
import health.datasafe.devsupport.Poison;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        var wrongHash = TestInitiator.VALIDATOR.validated(misHashed,
                Sha256.hex("something else".getBytes(StandardCharsets.UTF_8)));

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

    @Test
    void decisionsAndEpochEndsNoTrustedValidatorSignedAreDeadLetteredAndCutNothing() throws Exception {
        String patient = TestInitiator.unique("p-forged-decision");
        Transaction unsignedDecision = INITIATOR.recordAccessed(patient);
        Transaction outsidersDecision = INITIATOR.recordAccessed(patient);
        Transaction good = INITIATOR.recordAccessed(patient);
        var outsider = new TestValidator();
        long farAhead = staleEpoch() + System.currentTimeMillis() * 2;
        EpochEnded genuine = TestInitiator.VALIDATOR.epochEnded(farAhead, 0, Instant.now());

        publish(TestInitiator.validated(unsignedDecision).withSignature(null));
        publish(outsider.validated(outsidersDecision));
        // an end far ahead would make every genuine end after it stale, and stall the ledger, if it counted
        endEpoch(outsider.epochEnded(farAhead, 1, Instant.now()), 1, patient);
        endEpoch(genuine, 1, patient);
        publish(good);

        awaitCommitted(List.of(good));
        List<DeadLetter> dead = awaitDeadLetters(patient, 4);
        assertThat(dead).extracting(letter -> letter.reason().split(":")[0]).containsOnly("DECISION_UNTRUSTED");
        // the decisions and the ends are in different partitions: their dead letters come in either order
        assertThat(dead).extracting(DeadLetter::reason).anySatisfy(reason -> assertThat(reason)
                        .contains("TransactionValidated of tx " + Transactions.hash(unsignedDecision))
                        .contains("signer " + TestInitiator.VALIDATOR.key().keyId() + " did not make its signature"))
                .anySatisfy(reason -> assertThat(reason)
                        .contains("TransactionValidated of tx " + Transactions.hash(outsidersDecision))
                        .contains("signer " + outsider.key().keyId() + " is not a trusted validator key"))
                .anySatisfy(reason -> assertThat(reason).contains("EpochEnded " + farAhead + " of shard 1")
                        .contains("is not a trusted validator key"))
                .anySatisfy(reason -> assertThat(reason).contains("names shard 0 but was written to partition 1"));
        assertThat(committed(List.of(unsignedDecision.id(), outsidersDecision.id()))).isEmpty();
    }

    @Test
    void everyPoisonGoesToTheDeadLetterTopicAsMalformedAndTheNextGoodOneIsCommitted() throws Exception {
        String patient = TestInitiator.unique("p-poison");
        Transaction valid = INITIATOR.recordAccessed(patient);
        List<Poison> poisons = Poison.around(json.writeValueAsString(TestInitiator.validated(valid)));
        for (Poison poison : poisons) {
            publishRaw(patient, poison.value());
        }
        String unknownType = json.writeValueAsString(TestInitiator.validated(INITIATOR.recordAccessed(patient)))
                .replace("\"RECORD_ACCESSED\"", "\"RECORD_TELEPORTED\"");
        publishRaw(patient, unknownType.getBytes(StandardCharsets.UTF_8));
        Transaction good = INITIATOR.recordAccessed(patient);
        publish(good);

        awaitCommitted(List.of(good));
        List<DeadLetter> dead = awaitDeadLetters(patient, poisons.size() + 1);
        assertThat(dead).extracting(letter -> letter.reason().split(":")[0]).containsOnly("MALFORMED");
        assertThat(dead.getLast().reason()).contains("RECORD_TELEPORTED");
        assertThat(committed(List.of(valid.id()))).isEmpty();
    }

    @Test
    void anotherTransactionUnderACommittedIdIsRefusedAndTheSameOneAgainIsSkipped() throws Exception {
        String patient = TestInitiator.unique("p-dup");
        Transaction first = INITIATOR.recordAccessed(patient);
        publish(first);
        awaitCommitted(List.of(first));
        var other = INITIATOR.unsigned(patient);
        Transaction sameId = INITIATOR.sign(new Transaction(first.id(), other.type(), other.patientId(), other.actorId(),
                other.payloadHash(), other.metadata(), other.submittedAt(), other.initiator(), null));
        Transaction pendingTwin = INITIATOR.recordAccessed(patient);
        Transaction pendingRival = INITIATOR.sign(new Transaction(pendingTwin.id(), other.type(), other.patientId(),
                other.actorId(), Transactions.metadataHash(Map.of("recordId", "rec-rival", "purpose", "TREATMENT")),
                Map.of("recordId", "rec-rival", "purpose", "TREATMENT"), other.submittedAt(), other.initiator(), null));

        publish(first);
        publish(sameId);
        publish(pendingTwin);
        publish(pendingRival);
        publish(pendingTwin);
        Transaction after = INITIATOR.recordAccessed(patient);
        publish(after);

        awaitCommitted(List.of(after, pendingTwin));
        List<DeadLetter> dead = awaitDeadLetters(patient, 2);
        assertThat(dead).extracting(letter -> letter.reason().split(":")[0]).containsExactly("DUPLICATE_ID", "DUPLICATE_ID");
        assertThat(dead.get(0).reason()).contains(first.id()).contains(Transactions.hash(sameId));
        assertThat(dead.get(1).reason()).contains(pendingTwin.id()).contains(Transactions.hash(pendingRival));
        assertThat(deadLettersOf(patient)).hasSize(2);
        assertThat(committed(List.of(first.id()))).singleElement()
                .satisfies(row -> assertThat(row.txHash()).isEqualTo(Transactions.hash(first)));
    }
}
