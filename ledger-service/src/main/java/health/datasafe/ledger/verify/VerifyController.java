package health.datasafe.ledger.verify;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ledger/verify} (auditors and admins): re-verifies every shard from genesis and answers 200 either
 * way, {@code valid:true} with the counts or {@code valid:false} with the first failure.
 */
@RestController
class VerifyController {

    private final ChainAudit audit;

    VerifyController(ChainAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/api/ledger/verify")
    Verification verify() {
        return audit.verify();
    }
}
