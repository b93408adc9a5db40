package health.datasafe.report.accesslog;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A patient's access log. Who may ask is decided before this runs (see the security package): the patient
 * themself, an auditor or an administrator.
 */
@RestController
class AccessLogController {

    private final AccessLogStore store;

    AccessLogController(AccessLogStore store) {
        this.store = store;
    }

    @GetMapping("/api/patients/{patientId}/access-log")
    AccessLog accessLog(@PathVariable String patientId) {
        return new AccessLog(patientId, store.entriesOf(patientId));
    }
}
