package health.datasafe.systemtests;

import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionType;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.devstack.Service;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's forgeries, published straight onto the devstack's Kafka by someone who can write to it but holds no key
 * of the system: while the validator is down, doctor D asks to read patient P's record without consent, and the
 * forger copies D's signed RECORD_ACCESSED from {@code dsh.tx.submitted} into a decision nobody trusted signed (on
 * {@code dsh.tx.validated}), into a rejection by a validator nobody trusts (on {@code dsh.tx.rejected}) and into a block
 * signed by a key of its own (on {@code dsh.ledger.blocks}). None commits or settles the read, nor releases the
 * record: D's read stays pending, the forgeries land on the dead-letter topics with their reasons, and the
 * recovery-service raises integrity alerts. Once the validator is back, it refuses the read (no consent), as it
 * would have.
 */
class ForgeryIntegrationTest extends OnTheDevstack {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String p = "patient-p-" + run;
    private final String d = "doctor-d-" + run;
    private final byte[] content = ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"note\":\"SYNTHETIC-" + run
            + " fictional\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void forgedDecisionsAndBlocksReleaseNothingAndRaiseAlerts() throws Exception {
        Gateway patient = as(p, Role.PATIENT);
        Gateway doctor = as(d, Role.CLINICIAN);
        for (Gateway who : List.of(patient, doctor)) {
            var registered = who.postJson("/api/identities", "{}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
        var added = patient.postBytes("/api/patients/" + p + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordId = added.json().get("recordId").asString();

        stack.stop(Service.VALIDATOR);
        CompletableFuture<Gateway.Reply> read = CompletableFuture.supplyAsync(
                () -> doctor.get("/api/patients/" + p + "/records/" + recordId + "?purpose=TREATMENT"));
        Transaction access = awaitSubmitted(TransactionType.RECORD_ACCESSED, d, recordId);

        String validatorKeyId = Ed25519.VerifyingKey.fromX509(stack.keys().validatorPublicKey()).keyId();
        var outsider = new TestValidator();
        // names the devstack's validator key, but nobody signed it
        byte[] unsignedDecision = JSON.writeValueAsBytes(new TransactionValidated(access, Transactions.hash(access),
                "validator-1", Instant.now(), validatorKeyId, null));
        byte[] outsidersDecision = JSON.writeValueAsBytes(outsider.validated(access));
        byte[] forgedRejection = JSON.writeValueAsBytes(outsider.rejected(access, RejectionReason.CONSENT_DENIED,
                "forged"));
        byte[] forgedBlock = JSON.writeValueAsBytes(new TestLedger().block(0, access));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TX_VALIDATED, p, unsignedDecision)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.TX_VALIDATED, p, outsidersDecision)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.TX_REJECTED, p, forgedRejection)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.LEDGER_BLOCKS, "0", forgedBlock)).get(10, TimeUnit.SECONDS);
        }

        // the ledger refuses both decisions, the transaction-service the rejection, it and the report- and
        // recovery-service the block
        var validated = new DeadLetterTopic(stack.kafkaBootstrapServers(), Topics.TX_VALIDATED)
                .awaitAll(List.of(unsignedDecision, outsidersDecision));
        assertThat(validated.get(0).reason()).startsWith("DECISION_UNTRUSTED")
                .contains("signer " + validatorKeyId + " did not make its signature");
        assertThat(validated.get(1).reason()).startsWith("DECISION_UNTRUSTED")
                .contains("signer " + outsider.key().keyId() + " is not a trusted validator key");
        assertThat(new DeadLetterTopic(stack.kafkaBootstrapServers(), Topics.TX_REJECTED).awaitOne(forgedRejection)
                .reason()).contains("signer " + outsider.key().keyId() + " is not a trusted validator key");
        assertThat(new DeadLetterTopic(stack.kafkaBootstrapServers(), Topics.LEDGER_BLOCKS).awaitOne(forgedBlock)
                .reason()).contains("SignatureInvalid");

        // D's read was never committed: no content, still pending after the read's wait
        Gateway.Reply answer = read.get(60, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).doesNotContain("SYNTHETIC-" + run);
        assertThat(doctor.get("/api/transactions/" + access.id()).json().get("status").asString())
                .isEqualTo("PENDING");
        var accessLog = patient.get("/api/patients/" + p + "/access-log");
        assertThat(accessLog.status()).as(accessLog.toString()).isEqualTo(200);
        assertThat(accessLog.json().toString()).doesNotContain(access.id());

        // the recovery-service raised them: the refused decisions, rejection and block, and the witness's own finding
        // about the block (a signature it does not trust, a block 0 that links to zeros rather than the genesis, or,
        // when it holds shard 0's real block 0 already, a conflict)
        List<IntegrityAlertRaised> alerts = await().atMost(Duration.ofSeconds(60)).until(this::alerts,
                raised -> raised.stream().filter(alert -> "RecordRefused".equals(alert.kind())).count() >= 4
                        && raised.stream().anyMatch(alert -> alert.shard() == 0 && alert.height() == 0
                        && List.of("SignatureInvalid", "ChainBroken", "WitnessConflict").contains(alert.kind())));
        assertThat(alerts).filteredOn(alert -> "RecordRefused".equals(alert.kind()))
                .extracting(IntegrityAlertRaised::actual)
                .anyMatch(actual -> actual.startsWith(Topics.TX_VALIDATED + "-"))
                .anyMatch(actual -> actual.startsWith(Topics.TX_REJECTED + "-"))
                .anyMatch(actual -> actual.startsWith(Topics.LEDGER_BLOCKS + "-"));

        // the validator's own decision, once it is back: no consent, so the read is refused
        stack.start(Service.VALIDATOR);
        await().atMost(Duration.ofSeconds(180)).until(
                () -> doctor.get("/api/transactions/" + access.id()).json().get("status").asString(),
                "REJECTED"::equals);
    }

    /** The transaction of this type, actor and record, once it is on dsh.tx.submitted. */
    private Transaction awaitSubmitted(TransactionType type, String actor, String recordId) {
        try (var consumer = fromTheStart(Topics.TX_SUBMITTED)) {
            List<Transaction> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    Transaction tx = JSON.readValue(record.value(), TransactionSubmitted.class).transaction();
                    if (tx.type() == type && actor.equals(tx.actorId()) && recordId.equals(tx.meta(Metadata.RECORD_ID))) {
                        found.add(tx);
                    }
                }
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    /** Every alert on dsh.integrity.alerts so far. */
    private List<IntegrityAlertRaised> alerts() {
        try (var consumer = fromTheStart(Topics.INTEGRITY_ALERTS)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            var found = new ArrayList<IntegrityAlertRaised>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(JSON.readValue(record.value(), IntegrityAlertRaised.class));
                }
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
            return found;
        }
    }

    private KafkaConsumer<String, byte[]> fromTheStart(String topic) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
