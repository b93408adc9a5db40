package health.datasafe.recovery.witness;

import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.recovery.incident.IncidentLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Takes the alerts a ledger node raises about itself on {@code dsh.integrity.alerts} (a fork: its block differs from
 * the one a quorum of nodes signed) into the incident log, source {@code ledger}, as already alerted: they show in
 * {@code GET /api/recovery/incidents} beside this service's own findings. Its own alerts it leaves alone.
 */
@Component
class LedgerAlertListener {

    static final String ID = "recovery-ledger-alerts";
    private static final Logger log = LoggerFactory.getLogger(LedgerAlertListener.class);

    private final IncidentLog incidents;
    private final EventReader events;

    LedgerAlertListener(IncidentLog incidents, EventReader events) {
        this.incidents = incidents;
        this.events = events;
    }

    @KafkaListener(id = ID, topics = Topics.INTEGRITY_ALERTS,
            groupId = "${spring.kafka.consumer.group-id:recovery-service}")
    void onAlert(ConsumerRecord<String, byte[]> record) {
        IntegrityAlertRaised alert = events.read(record.value(), IntegrityAlertRaised.class);
        if (alert.fingerprint() == null || alert.kind() == null || alert.detectedAt() == null
                || !IncidentLog.raisedByLedger(alert)) {
            return;
        }
        incidents.restoreAlerted(alert, Instant.ofEpochMilli(record.timestamp()));
        log.error("A ledger node raised {} in shard {} at height {}: expected {}, actual {}", alert.kind(),
                alert.shard(), alert.height(), alert.expected(), alert.actual());
    }
}
