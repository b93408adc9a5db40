package health.datasafe.kit.rebuild;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * {@code /api/<dsh.rebuild.segment>/rebuilds}, for admins (the recovery-service calls it on their behalf): start a
 * rebuild of the service's state by replay, optionally with a signed checkpoint an auditor kept, and follow it.
 */
@RestController
@RequestMapping("/api/${dsh.rebuild.segment}/rebuilds")
class RebuildController {

    private final Rebuilds rebuilds;
    private final RebuildSettings settings;

    RebuildController(Rebuilds rebuilds, RebuildSettings settings) {
        this.rebuilds = rebuilds;
        this.settings = settings;
    }

    @PostMapping
    ResponseEntity<RebuildStatus> start(@RequestBody(required = false) byte[] body) {
        RebuildStatus started = rebuilds.start(body);
        return ResponseEntity.accepted().location(URI.create(settings.path() + "/" + started.id())).body(started);
    }

    @GetMapping("/{id}")
    RebuildStatus status(@PathVariable String id) {
        return rebuilds.status(id);
    }
}
