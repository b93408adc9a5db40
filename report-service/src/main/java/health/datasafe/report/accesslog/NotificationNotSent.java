package health.datasafe.report.accesslog;

import health.datasafe.contracts.PatientNotified;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The broker did not take a patient's notification in time: an outage, so the listener retries the block for as long
 * as it lasts (service-kit's InfrastructureFaults) rather than move past a patient who was not told.
 */
class NotificationNotSent extends RetriableException {

    NotificationNotSent(PatientNotified notification, Exception cause) {
        super("the " + notification.kind() + " notification of transaction " + notification.transactionId()
                + " to patient " + notification.patientId() + " was not sent: " + cause, cause);
    }
}
