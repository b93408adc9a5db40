package health.datasafe.validator.decision;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Transactions;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.validator.ValidatorSettings;
import health.datasafe.validator.consent.ConsentEngine;
import health.datasafe.validator.consent.Verdict;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Decides one transaction: the stateless screen first, then, in one database transaction, either the decision
 * already stored for its id (a redelivery gets the same answer and changes nothing) or the consent engine's verdict,
 * whose state change and decision are stored together. A transaction that fails the screen (schema, initiator
 * signature) or takes the id of another decided transaction is {@link RecordRefused}: no decision is stored for it, so
 * a forgery cannot take its id away from the genuine one, and it goes to the dead-letter topic.
 */
@Service
public class Decider {

    private final ConsentEngine engine;
    private final ValidatorState state;
    private final TransactionTemplate inOneTransaction;
    private final String validatorId;
    private final Clock clock;

    Decider(ConsentEngine engine, ValidatorState state, DataSourceTransactionManager transactionManager,
            ValidatorSettings settings, Clock clock) {
        this.engine = engine;
        this.state = state;
        this.inOneTransaction = new TransactionTemplate(transactionManager);
        this.validatorId = settings.id();
        this.clock = clock;
    }

    public Decision decide(Transaction tx) {
        Optional<Verdict.Rejected> refused = engine.screen(tx);
        if (refused.isPresent()) {
            throw new RecordRefused(refused.get().reason() + ": " + refused.get().detail());
        }
        String txHash = Transactions.hash(tx);
        return inOneTransaction.execute(status -> decideAuthentic(tx, txHash));
    }

    private Decision decideAuthentic(Transaction tx, String txHash) {
        Optional<Decision> earlier = state.decision(tx.id());
        if (earlier.isPresent()) {
            if (earlier.get().txHash().equals(txHash)) {
                return earlier.get();
            }
            throw new RecordRefused(RejectionReason.DUPLICATE + ": transaction id " + tx.id()
                    + " was already decided for a transaction with hash " + earlier.get().txHash() + "; this one hashes to "
                    + txHash);
        }
        Verdict verdict = engine.judge(tx, state);
        if (verdict instanceof Verdict.Accepted accepted && !state.apply(accepted.change())) {
            throw new DecisionRaced(tx.id(), accepted.change().getClass().getSimpleName());
        }
        Decision decision = decision(tx, txHash, verdict);
        if (!state.record(decision)) {
            throw new DecisionRaced(tx.id(), "its decision");
        }
        return decision;
    }

    private Decision decision(Transaction tx, String txHash, Verdict verdict) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return switch (verdict) {
            case Verdict.Accepted accepted -> new Decision(tx.id(), txHash, null, null, validatorId, now);
            case Verdict.Rejected rejected ->
                    new Decision(tx.id(), txHash, rejected.reason(), rejected.detail(), validatorId, now);
        };
    }
}
