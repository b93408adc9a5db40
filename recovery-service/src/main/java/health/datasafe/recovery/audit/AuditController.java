package health.datasafe.recovery.audit;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts an audit of the ledger against the witness copy; the ledger is read with the caller's own token. */
@RestController
class AuditController {

    private final LedgerAudit audit;

    AuditController(LedgerAudit audit) {
        this.audit = audit;
    }

    @PostMapping("/api/recovery/audit")
    AuditResult audit(@AuthenticationPrincipal Jwt caller) {
        return audit.audit(caller.getTokenValue());
    }
}
