package health.datasafe.transaction.initiator;

import health.datasafe.kit.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A transaction's status, for the actor who acted, the patient it concerns, auditors and administrators. Anyone else
 * gets the same 404 as for an id that does not exist.
 */
@RestController
class TransactionController {

    private final TransactionStore store;

    TransactionController(TransactionStore store) {
        this.store = store;
    }

    @GetMapping("/api/transactions/{transactionId}")
    TransactionView status(@PathVariable String transactionId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return store.find(transactionId)
                .filter(t -> caller.mayLookUp(t.patientId()) || caller.actorId().equals(t.actorId()))
                .map(TransactionView::of)
                .orElseThrow(() -> new TransactionNotFound(transactionId));
    }
}
