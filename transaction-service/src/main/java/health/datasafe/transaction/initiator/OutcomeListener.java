package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Ed25519;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.trust.Trust;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows the outcomes of submitted transactions: rejections from the validator ({@link Topics#TX_REJECTED}) and
 * committed blocks from the ledger ({@link Topics#LEDGER_BLOCKS}). The consumer group is this instance's own, so
 * every instance sees every outcome and can wake its own waiters. Status changes happen once (PENDING to a final
 * status); side effects are published as {@link ValidatorRejected} and {@link LedgerCommitted} events whose
 * listeners are idempotent, then waiters are woken. Records are screened by the kit ({@link EventReader},
 * {@link BlockScreen#verified}: acceptable JSON, a whole block whose hashes and ledger signature check out); a record
 * that fails, or a block holding a transaction that differs from the one this initiator signed under its id, is
 * {@link RecordRefused} and dead-lettered. A block that carries its shard's log frontier and a signed checkpoint gives
 * each of our transactions in it a
 * {@link health.datasafe.integrity.Receipt}, stored in the same update that marks it committed, so a woken waiter
 * always finds it.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final JsonMapper json;
    private final EventReader reader;
    private final BlockScreen blocks;
    private final TransactionStore store;
    private final Outcomes outcomes;
    private final ApplicationEventPublisher events;
    private final List<Ed25519.VerifyingKey> ledgerKeys;

    OutcomeListener(JsonMapper json, EventReader reader, BlockScreen blocks, TransactionStore store, Outcomes outcomes,
                    ApplicationEventPublisher events, Trust trust) {
        this.json = json;
        this.reader = reader;
        this.blocks = blocks;
        this.store = store;
        this.outcomes = outcomes;
        this.events = events;
        this.ledgerKeys = trust.ledger().keys();
        if (ledgerKeys.isEmpty()) {
            log.warn("dsh.trust.ledger-keys is empty: block and checkpoint signatures on dsh.ledger.blocks are not checked");
        }
    }

    @KafkaListener(id = "tx-rejections", topics = Topics.TX_REJECTED,
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onRejected(ConsumerRecord<String, byte[]> record) {
        TransactionRejected rejected = reader.read(record.value(), TransactionRejected.class);
        if (rejected.transaction() == null || rejected.transaction().id() == null) {
            throw new RecordRefused("a rejection without the transaction or its id");
        }
        if (rejected.reason() == null) {
            throw new RecordRefused("rejection of " + rejected.transaction().id() + " without a reason");
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
    void onBlock(ConsumerRecord<String, byte[]> record) {
        BlockCommitted block = blocks.verified(record.value());
        var header = block.header();
        List<CommittedTransaction> ours = ours(block);
        Map<String, String> receipts = receipts(block, ours);
        int marked = store.markCommitted(ours.stream()
                .map(committed -> new TransactionStore.Commit(committed.transaction().id(), header.shard(),
                        header.height(), committed.txHash(), committed.leafIndex(),
                        receipts.get(committed.transaction().id())))
                .toList());
        log.debug("{} of our transactions committed in block {}/{}", marked, header.shard(), header.height());
        for (CommittedTransaction committed : block.transactions()) {
            events.publishEvent(new LedgerCommitted(committed.transaction(), committed.txHash(), header.shard(),
                    header.height(), committed.leafIndex()));
        }
        if (!ours.isEmpty()) {
            store.findAll(ours.stream().map(committed -> committed.transaction().id()).toList()).stream()
                    .filter(tracked -> tracked.status().settled())
                    .forEach(outcomes::settled);
        }
    }

    /**
     * The transactions of the (screened) block that this initiator submitted, each checked to be the one it signed
     * under that id; {@link RecordRefused} otherwise.
     */
    private List<CommittedTransaction> ours(BlockCommitted block) {
        String where = "block " + block.header().shard() + "/" + block.header().height();
        Map<String, String> submitted = store.submittedHashes(block.transactions().stream()
                .map(committed -> committed.transaction().id())
                .toList());
        var ours = new ArrayList<CommittedTransaction>();
        for (CommittedTransaction committed : block.transactions()) {
            String hash = submitted.get(committed.transaction().id());
            if (hash != null) {
                if (!hash.equals(committed.txHash())) {
                    throw new RecordRefused(where + ": transaction " + committed.transaction().id()
                            + " differs from the one this initiator submitted");
                }
                ours.add(committed);
            }
        }
        return ours;
    }

    /**
     * The receipt JSON of each of our transactions in the block, by id, once the log data the block carries checks
     * out ({@link BlockLog#of}); empty without log data.
     */
    private Map<String, String> receipts(BlockCommitted block, List<CommittedTransaction> ours) {
        var receipts = new HashMap<String, String>();
        BlockLog.of(block, ledgerKeys).ifPresent(blockLog -> ours.forEach(committed -> receipts.put(
                committed.transaction().id(),
                new String(blockLog.receiptOf(committed).toJson(), StandardCharsets.UTF_8))));
        return receipts;
    }

    private Optional<Transaction> submitted(String id) {
        return store.submittedMessage(id).map(message -> json.readValue(message, TransactionSubmitted.class).transaction());
    }
}
