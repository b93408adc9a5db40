package health.datasafe.recovery.incident;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/recovery/incidents} (auditors and admins): every integrity incident, oldest first. */
@RestController
class IncidentController {

    private final IncidentLog incidents;

    IncidentController(IncidentLog incidents) {
        this.incidents = incidents;
    }

    record Incidents(List<IntegrityIncident> incidents) {
    }

    @GetMapping("/api/recovery/incidents")
    Incidents incidents() {
        return new Incidents(incidents.all());
    }
}
