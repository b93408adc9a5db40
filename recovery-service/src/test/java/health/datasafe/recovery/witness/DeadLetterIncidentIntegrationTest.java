package health.datasafe.recovery.witness;

import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import health.datasafe.recovery.RecoveryServiceTestBase;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterIncidentIntegrationTest extends RecoveryServiceTestBase {

    @Test
    void aForgeryRefusedByTwoServicesIsOneIncidentWithOneAlert() throws Exception {
        int partition = newShard();
        long offset = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String reason = "TransactionRejected of tx 00ff: signer 1234567890abcdef is not a trusted validator key";
        deadLetter(Topics.TX_REJECTED, partition, offset, "transaction-service-tx-1", reason);
        deadLetter(Topics.TX_REJECTED, partition, offset, "transaction-service-tx-2", reason);

        var incident = awaitIncident(partition, -1);

        assertThat(incident.get("source").asString()).isEqualTo("deadletter");
        assertThat(incident.get("failure").asString()).isEqualTo("RecordRefused");
        assertThat(incident.get("field").asString()).isEqualTo(Topics.TX_REJECTED);
        assertThat(incident.get("actual").asString()).isEqualTo(Topics.TX_REJECTED + "-" + partition + "@" + offset);
        assertThat(incident.get("detail").asString()).contains("transaction-service-tx-1 refused", reason);
        List<IntegrityAlertRaised> alerts = await().atMost(PATIENCE).until(() -> alerts(partition),
                raised -> !raised.isEmpty());
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo("RecordRefused");
            assertThat(alert.actual()).isEqualTo(Topics.TX_REJECTED + "-" + partition + "@" + offset);
        });
        assertThat(incidents(partition)).hasSize(1);
    }

    @Test
    void whatTheRecoveryServiceRefusedItselfIsNotRecordedTwice() throws Exception {
        int partition = newShard();
        deadLetter(Topics.LEDGER_BLOCKS, partition, 7, "recovery-service", "integrity incident SignatureInvalid");
        int marker = newShard();
        deadLetter(Topics.LEDGER_BLOCKS, marker, 8, "report-service", "SignatureInvalid: block 0 of shard 0");

        awaitIncident(marker, -1);

        assertThat(incidents(partition)).isEmpty();
    }

    @Test
    void aForkALedgerNodeRaisedAboutItselfIsAnIncidentOfSourceLedgerAndIsNotAlertedAgain() throws Exception {
        int shard = newShard();
        var fork = new IntegrityAlertRaised("fork-" + shard, "ForkDetected", shard, 4, "blockHash=" + "a".repeat(64),
                "ledger-3: blockHash=" + "b".repeat(64), Instant.parse("2026-12-01T10:00:00Z"));
        kafka.send(new ProducerRecord<>(Topics.INTEGRITY_ALERTS, Integer.toString(shard),
                JsonMapper.builder().build().writeValueAsBytes(fork))).get(10, TimeUnit.SECONDS);

        var incident = awaitIncident(shard, 4);

        assertThat(incident.get("source").asString()).isEqualTo("ledger");
        assertThat(incident.get("failure").asString()).isEqualTo("ForkDetected");
        assertThat(incident.get("actual").asString()).isEqualTo("ledger-3: blockHash=" + "b".repeat(64));
        assertThat(alerts(shard)).singleElement().isEqualTo(fork);
    }

    /** A copy of a refused record, as the kit's DeadLetters writes it for the consumer group. */
    private void deadLetter(String topic, int partition, long offset, String group, String reason) throws Exception {
        var record = new ProducerRecord<String, byte[]>(Topics.deadLetter(topic), null, "key",
                "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), List.of(
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(partition).array()),
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(offset).array()),
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, group.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(Topics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))));
        kafka.send(record).get(10, TimeUnit.SECONDS);
    }
}
