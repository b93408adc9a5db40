package health.datasafe.report.accesslog;

import health.datasafe.contracts.PatientNotified;
import health.datasafe.contracts.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tells each patient what she must learn of in a block the live access log just recorded: a break-glass on her records,
 * her key replaced ({@link PatientNotified} on {@link Topics#PATIENT_NOTIFICATIONS}, keyed by her id). Each send is
 * awaited before the listener moves on, so a block is acknowledged only once its notifications are out; a broker that
 * does not take one fails the listener, which records the block again (changing nothing) and sends again. A rebuild's
 * replay notifies no one: its blocks were notified when they came.
 */
@Component
class PatientNotifier {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;

    PatientNotifier(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    void notifyOf(ProjectedBlock block) {
        for (AccessAttempt attempt : block.attempts()) {
            PatientNotified.Kind kind = switch (attempt.outcome()) {
                case BREAK_GLASS -> PatientNotified.Kind.BREAK_GLASS;
                case KEY_RECOVERED -> PatientNotified.Kind.KEY_RECOVERED;
                default -> null;
            };
            if (kind != null) {
                send(new PatientNotified(attempt.patientId(), kind, attempt.actorId(), attempt.transactionId(),
                        attempt.consentId(), attempt.validUntil(), attempt.at(), attempt.txHash(), attempt.shard(),
                        attempt.blockHeight()));
            }
        }
    }

    private void send(PatientNotified notification) {
        try {
            kafka.send(Topics.PATIENT_NOTIFICATIONS, notification.patientId(), json.writeValueAsBytes(notification))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationNotSent(notification, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new NotificationNotSent(notification, e);
        }
    }
}
