package health.datasafe.validator.decision;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Transactions;
import health.datasafe.kit.kafka.InfrastructureFaults;
import health.datasafe.validator.ValidatorSettings;
import health.datasafe.validator.consent.ConsentEngine;
import health.datasafe.validator.consent.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides a poll batch of transactions, in order. The stateless screen comes first; then, in ONE database transaction
 * for the whole batch, the facts its transactions can ask about are loaded in bulk ({@link BatchFacts}), each
 * transaction gets either the decision already stored for its id (a redelivery gets the same answer and changes
 * nothing) or the consent engine's verdict against the state the transactions before it left, and the batch's state
 * changes and decisions are stored together. A transaction that fails the screen (schema, initiator signature) or
 * takes the id of another decided transaction is {@link Ruling.Refused}: no decision is stored for it, so a forgery
 * cannot take its id away from the genuine one, and it goes to the dead-letter topic.
 */
@Service
public class Decider {

    private static final Logger log = LoggerFactory.getLogger(Decider.class);

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

    /** One ruling per transaction, in the batch's order. */
    public List<Ruling> decide(List<Transaction> batch) {
        var rulings = new Ruling[batch.size()];
        var authentic = new ArrayList<Integer>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Optional<Verdict.Rejected> refused;
            try {
                refused = engine.screen(batch.get(i));
            } catch (RuntimeException unscreenable) {
                // one transaction the screen cannot handle is refused alone, not its whole batch
                log.error("{} could not be screened; refusing it", batch.get(i).id(), unscreenable);
                rulings[i] = new Ruling.Refused("could not be screened: " + unscreenable);
                continue;
            }
            if (refused.isPresent()) {
                rulings[i] = new Ruling.Refused(refused.get().reason() + ": " + refused.get().detail());
            } else {
                authentic.add(i);
            }
        }
        if (!authentic.isEmpty()) {
            try {
                inOneTransaction.executeWithoutResult(status -> decideAuthentic(batch, authentic, rulings));
            } catch (RuntimeException failure) {
                if (InfrastructureFaults.isOutage(failure)) {
                    throw failure;
                }
                decideOneByOne(batch, authentic, rulings, failure);
            }
        }
        return Arrays.asList(rulings);
    }

    /**
     * After the batch's database transaction failed in a way a retry would not mend (a value the database refuses),
     * each transaction is decided in a transaction of its own, so only the one that fails is refused, with the
     * failure as the reason, and the others are decided as they would have been.
     */
    private void decideOneByOne(List<Transaction> batch, List<Integer> authentic, Ruling[] rulings,
                                RuntimeException batchFailure) {
        if (authentic.size() > 1) {
            log.warn("A batch of {} transactions failed to be stored ({}); deciding each on its own", authentic.size(),
                    batchFailure.toString());
        }
        for (int i : authentic) {
            try {
                inOneTransaction.executeWithoutResult(status -> decideAuthentic(batch, List.of(i), rulings));
            } catch (RuntimeException failure) {
                if (InfrastructureFaults.isOutage(failure)) {
                    throw failure;
                }
                Transaction tx = batch.get(i);
                log.error("{} {} could not be decided; refusing it", tx.type(), tx.id(), failure);
                rulings[i] = new Ruling.Refused("could not be decided: " + failure);
            }
        }
    }

    private void decideAuthentic(List<Transaction> batch, List<Integer> authentic, Ruling[] rulings) {
        BatchFacts facts = state.factsFor(authentic.stream().map(batch::get).toList());
        for (int i : authentic) {
            rulings[i] = decide(batch.get(i), facts);
        }
        state.store(facts);
    }

    private Ruling decide(Transaction tx, BatchFacts facts) {
        String txHash = Transactions.hash(tx);
        Optional<Decision> earlier = facts.decision(tx.id());
        if (earlier.isPresent()) {
            if (earlier.get().txHash().equals(txHash)) {
                return new Ruling.Decided(earlier.get());
            }
            return new Ruling.Refused(RejectionReason.DUPLICATE + ": transaction id " + tx.id()
                    + " was already decided for a transaction with hash " + earlier.get().txHash()
                    + "; this one hashes to " + txHash);
        }
        Verdict verdict;
        try {
            verdict = engine.judge(tx, facts);
        } catch (FactNotLoaded gap) {
            throw gap;
        } catch (RuntimeException unjudgeable) {
            log.error("{} {} could not be judged; refusing it", tx.type(), tx.id(), unjudgeable);
            return new Ruling.Refused("could not be judged: " + unjudgeable);
        }
        if (verdict instanceof Verdict.Accepted accepted && !facts.apply(accepted.change())) {
            // the engine accepted a change its own facts say is already made: a bug, refused rather than retried forever
            log.error("{} {} was accepted but its change {} is already made", tx.type(), tx.id(), accepted.change());
            return new Ruling.Refused("accepted, but its change is already made: " + accepted.change());
        }
        Decision decision = decision(tx, txHash, verdict);
        facts.decided(decision);
        return new Ruling.Decided(decision);
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
