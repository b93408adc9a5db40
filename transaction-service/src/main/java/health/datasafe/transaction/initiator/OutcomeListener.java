package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Ed25519;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.DeadLetters;
import health.datasafe.kit.kafka.DecisionScreen;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.trust.Trust;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * Follows the outcomes of submitted transactions: rejections from the validator ({@link Topics#TX_REJECTED}),
 * committed blocks from the ledger ({@link Topics#LEDGER_BLOCKS}) and the ledger nodes' signatures of them
 * ({@link Topics#LEDGER_SIGNATURES}), which make a committed transaction final once a quorum signed its block. The
 * consumer group is this instance's own, so every instance sees every outcome and can wake its own waiters. Status
 * changes happen once (PENDING to a final status); side effects are published as {@link ValidatorRejected} and
 * {@link LedgerCommitted} events whose listeners are idempotent, then waiters are woken once the transaction is
 * rejected or final. Records are screened by the kit ({@link DecisionScreen#rejected}:
 * a rejection signed by a trusted validator naming its transaction's hash; {@link BlockScreen#verified}: a whole block
 * whose hashes and ledger signature check out); a record that fails, a rejection of another transaction than the one
 * this initiator signed under its id, or a block holding such a transaction, is {@link RecordRefused} and
 * dead-lettered: only the validator can reject, and only the ledger can commit. A block that carries its shard's log
 * frontier and a signed checkpoint gives each of our transactions in it a {@link health.datasafe.integrity.Receipt}, stored in the same update that marks it committed, so a woken waiter
 * always finds it.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final JsonMapper json;
    private final DecisionScreen decisions;
    private final BlockScreen blocks;
    private final TransactionStore store;
    private final Outcomes outcomes;
    private final ApplicationEventPublisher events;
    private final List<Ed25519.VerifyingKey> ledgerKeys;
    private final JdbcTemplate jdbc;
    private final DeadLetters deadLetters;

    OutcomeListener(JsonMapper json, DecisionScreen decisions, BlockScreen blocks, TransactionStore store,
                    Outcomes outcomes, ApplicationEventPublisher events, Trust trust, JdbcTemplate jdbc,
                    DeadLetters deadLetters) {
        this.json = json;
        this.deadLetters = deadLetters;
        this.decisions = decisions;
        this.blocks = blocks;
        this.store = store;
        this.outcomes = outcomes;
        this.events = events;
        this.ledgerKeys = trust.requiredLedger("transaction-service").keys();
        this.jdbc = jdbc;
        trust.requiredValidators("transaction-service");
    }

    @KafkaListener(id = "tx-rejections", topics = Topics.TX_REJECTED,
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onRejected(ConsumerRecord<String, byte[]> record) {
        TransactionRejected rejected = decisions.rejected(record.value());
        String id = rejected.transaction().id();
        if (rejected.reason() == RejectionReason.DUPLICATE) {
            // the id was validated before: that first decision stands, whatever it was
            log.debug("Ignoring DUPLICATE rejection of {}", id);
            return;
        }
        String submittedHash = store.submittedHashes(List.of(id)).get(id);
        if (submittedHash == null) {
            return; // another initiator's transaction
        }
        if (!submittedHash.equals(rejected.txHash())) {
            throw new RecordRefused("the rejection of " + id + " is of transaction " + rejected.txHash()
                    + ", not of the one this initiator submitted under that id, " + submittedHash);
        }
        Transaction ours = submitted(id).orElseThrow();
        store.markRejected(id, rejected.reason().name(), rejected.detail());
        TrackedTransaction now = store.find(id).orElseThrow();
        if (now.status() == TransactionStatus.REJECTED) {
            // published on a redelivery too, so a side effect interrupted by a crash is completed
            events.publishEvent(new ValidatorRejected(ours, RejectionReason.valueOf(now.reason()), now.detail()));
        }
        outcomes.settled(now);
    }

    @KafkaListener(id = "tx-blocks", topics = Topics.LEDGER_BLOCKS,
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onBlock(ConsumerRecord<String, byte[]> record) {
        // another node's copy of a block already applied (skipped unread): its signature comes on dsh.ledger.signatures
        blocks.onFirstCopy(record, this::apply);
    }

    private void apply(BlockCommitted block) {
        var header = block.header();
        List<CommittedTransaction> ours = ours(block);
        Map<String, String> receipts = receipts(block, ours);
        int marked = store.markCommitted(ours.stream()
                .map(committed -> new TransactionStore.Commit(committed.transaction().id(), header.shard(),
                        header.height(), block.blockHash(), committed.txHash(), committed.leafIndex(),
                        receipts.get(committed.transaction().id())))
                .toList());
        // this node's copy of the block is its signature of the block hash too
        BlockSignatures.record(jdbc, List.of(BlockSigned.of(block, block.signer())), store.quorum());
        log.debug("{} of our transactions committed in block {}/{}", marked, header.shard(), header.height());
        for (CommittedTransaction committed : block.transactions()) {
            events.publishEvent(new LedgerCommitted(committed.transaction(), committed.txHash(), header.shard(),
                    header.height(), committed.leafIndex()));
        }
        if (!ours.isEmpty()) {
            store.findAll(ours.stream().map(committed -> committed.transaction().id()).toList()).stream()
                    .filter(TrackedTransaction::decided)
                    .forEach(outcomes::settled);
        }
    }

    /**
     * A poll's worth of ledger nodes' signatures of block hashes ({@link BlockScreen#signed}: each by a trusted ledger
     * key, checkpoint included): stored in one batch, then everyone waiting for one of our transactions in those
     * blocks is woken once its block is final (one query for the whole batch). A signature that arrives before its
     * block is kept for when it does. A record refused for what it is goes to the dead-letter topic and the rest of the
     * batch goes on.
     */
    @KafkaListener(id = "tx-block-signatures", topics = Topics.LEDGER_SIGNATURES, batch = "true",
            groupId = "transaction-service-${dsh.instance-id:tx-1}")
    void onSignatures(List<ConsumerRecord<String, byte[]>> records) {
        List<BlockSigned> signatures = deadLetters.readEach(records, record -> Optional.of(blocks.signed(record.value())));
        if (signatures.isEmpty()) {
            return;
        }
        BlockSignatures.record(jdbc, signatures, store.quorum());
        store.committedIn(signatures.stream()
                        .map(signed -> new TransactionStore.BlockPlace(signed.shard(), signed.height()))
                        .distinct()
                        .toList()).stream()
                .filter(TrackedTransaction::decided)
                .forEach(outcomes::settled);
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
