package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.deadletter.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Follows the outcomes of submitted transactions: rejections from the validator ({@link Topics#TX_REJECTED}) and
 * committed blocks from the ledger ({@link Topics#LEDGER_BLOCKS}). The consumer group is this instance's own, so
 * every instance sees every outcome and can wake its own waiters. Status changes happen once (PENDING to a final
 * status); side effects are published as {@link ValidatorRejected} and {@link LedgerCommitted} events whose
 * listeners are idempotent, then waiters are woken. Records that do not parse or fail a check are dead-lettered.
 * A block that carries its shard's log frontier and a signed checkpoint gives each of our transactions in it a
 * {@link health.datasafe.integrity.Receipt}, stored in the same update that marks it committed, so a woken waiter
 * always finds it.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final JsonMapper json;
    private final TransactionStore store;
    private final Outcomes outcomes;
    private final ApplicationEventPublisher events;
    private final DeadLetters deadLetters;
    private final LedgerKeys ledgerKeys;

    OutcomeListener(JsonMapper json, TransactionStore store, Outcomes outcomes, ApplicationEventPublisher events,
                    DeadLetters deadLetters, LedgerKeys ledgerKeys) {
        this.json = json;
        this.store = store;
        this.outcomes = outcomes;
        this.events = events;
        this.deadLetters = deadLetters;
        this.ledgerKeys = ledgerKeys;
    }

    @KafkaListener(id = "tx-rejections", topics = Topics.TX_REJECTED,
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onRejected(ConsumerRecord<String, String> record) {
        TransactionRejected rejected;
        try {
            rejected = parse(record.value(), TransactionRejected.class);
            if (rejected.transaction() == null || rejected.transaction().id() == null) {
                throw new MalformedOutcome("a rejection without the transaction or its id");
            }
            if (rejected.reason() == null) {
                throw new MalformedOutcome("rejection of " + rejected.transaction().id() + " without a reason");
            }
        } catch (MalformedOutcome e) {
            deadLetters.send(record, e.getMessage());
            return;
        }
        String id = rejected.transaction().id();
        if (rejected.reason() == RejectionReason.DUPLICATE) {
            // the id was validated before: that first decision stands, whatever it was
            log.debug("Ignoring DUPLICATE rejection of {}", id);
            return;
        }
        Optional<Transaction> ours = submitted(id);
        if (ours.isEmpty()) {
            return; // another initiator's transaction
        }
        store.markRejected(id, rejected.reason().name(), rejected.detail());
        TrackedTransaction now = store.find(id).orElseThrow();
        if (now.status() == TransactionStatus.REJECTED) {
            // published on a redelivery too, so a side effect interrupted by a crash is completed
            events.publishEvent(new ValidatorRejected(ours.get(), RejectionReason.valueOf(now.reason()), now.detail()));
        }
        outcomes.settled(now);
    }

    @KafkaListener(id = "tx-blocks", topics = Topics.LEDGER_BLOCKS,
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onBlock(ConsumerRecord<String, String> record) {
        BlockCommitted block;
        Map<String, String> receipts;
        try {
            block = parse(record.value(), BlockCommitted.class);
            receipts = check(block);
        } catch (MalformedOutcome e) {
            deadLetters.send(record, e.getMessage());
            return;
        }
        var header = block.header();
        for (CommittedTransaction committed : block.transactions()) {
            Transaction tx = committed.transaction();
            if (store.markCommitted(tx.id(), header.shard(), header.height(), committed.txHash(), committed.leafIndex(),
                    receipts.get(tx.id()))) {
                log.debug("Transaction {} committed in block {}/{}", tx.id(), header.shard(), header.height());
            }
            events.publishEvent(new LedgerCommitted(tx, committed.txHash(), header.shard(), header.height(),
                    committed.leafIndex()));
            store.find(tx.id()).filter(t -> t.status().settled()).ifPresent(outcomes::settled);
        }
    }

    /**
     * The block is whole and hashes as the ledger format says, every transaction of ours in it is the one we signed,
     * and the log data it carries, if any, checks out ({@link BlockLog#of}).
     *
     * @return the receipt JSON of each of our transactions in the block, by id; empty without log data
     */
    private Map<String, String> check(BlockCommitted block) {
        if (block.header() == null) {
            throw new MalformedOutcome("a block without a header");
        }
        if (block.transactions() == null || block.transactions().isEmpty()) {
            throw new MalformedOutcome("a block without transactions");
        }
        String where = "block " + block.header().shard() + "/" + block.header().height();
        if (!Blocks.hash(block.header()).equals(block.blockHash())) {
            throw new MalformedOutcome(where + ": blockHash is not the hash of its header");
        }
        if (block.header().txCount() != block.transactions().size()) {
            throw new MalformedOutcome(where + ": txCount says " + block.header().txCount() + " but it holds "
                    + block.transactions().size());
        }
        var hashes = new ArrayList<String>();
        var ours = new ArrayList<CommittedTransaction>();
        for (CommittedTransaction committed : block.transactions()) {
            if (committed == null || committed.transaction() == null || committed.transaction().id() == null
                    || committed.transaction().type() == null) {
                throw new MalformedOutcome(where + ": an entry without a transaction, its id or its type");
            }
            String hash = Transactions.hash(committed.transaction());
            if (!hash.equals(committed.txHash())) {
                throw new MalformedOutcome(where + ": txHash of " + committed.transaction().id() + " is not its hash");
            }
            store.submittedHash(committed.transaction().id())
                    .ifPresent(submitted -> {
                        if (!submitted.equals(hash)) {
                            throw new MalformedOutcome(where + ": transaction " + committed.transaction().id()
                                    + " differs from the one this initiator submitted");
                        }
                        ours.add(committed);
                    });
            hashes.add(hash);
        }
        if (!MerkleTree.rootHex(hashes).equals(block.header().merkleRoot())) {
            throw new MalformedOutcome(where + ": merkleRoot is not the root of its transactions");
        }
        var receipts = new HashMap<String, String>();
        BlockLog.of(block, ledgerKeys.trusted()).ifPresent(blockLog -> ours.forEach(committed -> receipts.put(
                committed.transaction().id(), new String(blockLog.receiptOf(committed).toJson(), StandardCharsets.UTF_8))));
        return receipts;
    }

    private Optional<Transaction> submitted(String id) {
        return store.submittedMessage(id).map(message -> json.readValue(message, TransactionSubmitted.class).transaction());
    }

    private <T> T parse(String value, Class<T> type) {
        if (value == null || value.isBlank()) {
            throw new MalformedOutcome("empty record");
        }
        try {
            T parsed = json.readValue(value, type);
            if (parsed == null) {
                throw new MalformedOutcome("not a readable " + type.getSimpleName() + ": null");
            }
            return parsed;
        } catch (JacksonException e) {
            throw new MalformedOutcome("not a readable " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new MalformedOutcome("not a readable " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
