package health.datasafe.ledger.verify;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ledger/verify} (auditors and admins): re-verifies every shard from genesis, then the stored logs
 * against the newest checkpoints this node published on the checkpoint topic, and answers 200 either way,
 * {@code valid:true} with the counts or {@code valid:false} with the first failure.
 */
@RestController
class VerifyController {

    private final ChainAudit audit;
    private final PublishedCheckpoints published;

    VerifyController(ChainAudit audit, PublishedCheckpoints published) {
        this.audit = audit;
        this.published = published;
    }

    @GetMapping("/api/ledger/verify")
    Verification verify() {
        Verification stored = audit.verify();
        if (stored instanceof Verification.Invalid) {
            return stored;
        }
        return published.check().<Verification>map(invalid -> invalid).orElse(stored);
    }
}
