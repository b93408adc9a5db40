package health.datasafe.recovery.incident;

import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox of incidents: raises {@link IntegrityAlertRaised} on {@link Topics#INTEGRITY_ALERTS}, keyed by shard, for
 * every incident not alerted yet, and marks it alerted in the same database transaction that locked it. An alert that
 * cannot be sent leaves its incident unalerted, to be raised at the next call (every audit makes one). So each
 * incident is raised once; only a crash between the broker's acknowledgement and the commit raises it again, with the
 * same fingerprint.
 */
@Component
public class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    private static final int BATCH = 100;
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final IncidentLog incidents;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    AlertPublisher(IncidentLog incidents, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
                   PlatformTransactionManager transactions) {
        this.incidents = incidents;
        this.kafka = kafka;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Raises the alert of every incident not alerted yet; answers how many went out. */
    public int publishPending() {
        int sent = 0;
        while (true) {
            Batch batch = transaction.execute(status -> publishBatch());
            sent += batch.sent();
            if (batch.failed() || batch.sent() < BATCH) {
                return sent;
            }
        }
    }

    /** What one batch did: how many alerts went out, and whether one could not be sent. */
    private record Batch(int sent, boolean failed) {
    }

    private Batch publishBatch() {
        int sent = 0;
        for (IntegrityIncident incident : incidents.lockUnalerted(BATCH)) {
            var alert = new IntegrityAlertRaised(incident.fingerprint(), incident.failure(), incident.shard(),
                    incident.height(), incident.expected(), incident.actual(), incident.detectedAt());
            try {
                kafka.send(Topics.INTEGRITY_ALERTS, Integer.toString(incident.shard()), json.writeValueAsBytes(alert))
                        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("The alert of incident {} ({} in shard {}) was not sent, it is raised at the next audit: {}",
                        incident.id(), incident.failure(), incident.shard(), e.toString());
                return new Batch(sent, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Batch(sent, true);
            }
            incidents.markAlerted(incident.id());
            sent++;
        }
        return new Batch(sent, false);
    }
}
