package health.datasafe.recovery.audit;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs an audit of the ledger now, besides the scheduled ones; the ledger is read with the caller's own token. Its
 * findings become incidents as a scheduled audit's do.
 */
@RestController
class AuditController {

    private final Audits audits;

    AuditController(Audits audits) {
        this.audits = audits;
    }

    @PostMapping("/api/recovery/audit")
    AuditResult audit(@AuthenticationPrincipal Jwt caller) {
        return audits.run(caller.getTokenValue());
    }
}
