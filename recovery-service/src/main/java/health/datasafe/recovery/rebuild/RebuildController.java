package health.datasafe.recovery.rebuild;

import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rebuilds, for admins only: {@code POST /api/recovery/rebuilds} {@code {service, checkpoint?}} asks the service to
 * rebuild (202, {@code Location} of its status), {@code GET /api/recovery/rebuilds/{id}} its status,
 * {@code GET /api/recovery/rebuilds} every one, newest first. (Named apart from the kit's controller of the
 * recovery-service's own rebuilds, {@link RecoveryRebuild}.)
 */
@RestController("recoveryRebuildController")
class RebuildController {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RequestBodies bodies;
    private final Rebuilds rebuilds;

    RebuildController(RequestBodies bodies, Rebuilds rebuilds) {
        this.bodies = bodies;
        this.rebuilds = rebuilds;
    }

    record RebuildList(List<RebuildStatus> rebuilds) {
    }

    @PostMapping("/api/recovery/rebuilds")
    ResponseEntity<RebuildStatus> start(HttpServletRequest request, @AuthenticationPrincipal Jwt caller) {
        RebuildRequest body = bodies.readJson(request, RebuildRequest.class)
                .orElseThrow(() -> new MalformedBody("a rebuild request is JSON: {\"service\": ..., \"checkpoint\"?: ...}"));
        RebuildStatus started = rebuilds.start(body, caller);
        return ResponseEntity.accepted().location(URI.create("/api/recovery/rebuilds/" + started.id())).body(started);
    }

    @GetMapping("/api/recovery/rebuilds/{id}")
    RebuildStatus rebuild(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
        if (!ID.matcher(id).matches()) {
            throw new RebuildNotFound(id);
        }
        return rebuilds.status(id, caller);
    }

    @GetMapping("/api/recovery/rebuilds")
    RebuildList rebuilds(@AuthenticationPrincipal Jwt caller) {
        return new RebuildList(rebuilds.all(caller));
    }
}
