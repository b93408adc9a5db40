package health.datasafe.report.rebuild;

import health.datasafe.kit.rebuild.RebuildStatus;
import health.datasafe.kit.rebuild.Rebuilds;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * {@code /api/reports/rebuilds}, for admins (the recovery-service calls it on their behalf): start a rebuild of the
 * access log by replay ({@link ReportRebuild}), optionally with a signed checkpoint an auditor kept, and follow it.
 */
@RestController
@RequestMapping("/api/reports/rebuilds")
class RebuildController {

    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping
    ResponseEntity<RebuildStatus> start(@RequestBody(required = false) byte[] body) {
        RebuildStatus started = rebuilds.start(body);
        return ResponseEntity.accepted().location(URI.create("/api/reports/rebuilds/" + started.id())).body(started);
    }

    @GetMapping("/{id}")
    RebuildStatus status(@PathVariable String id) {
        return rebuilds.status(id);
    }
}
