package health.datasafe.transaction.rebuild;

import health.datasafe.kit.rebuild.RebuildRequestInvalid;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the transaction-service's state is rebuilt (the kit's {@code Rebuilds} runs it; the recovery-service calls
 * {@code POST /api/transactions/rebuilds}): every table is replayed from the log ({@link LogReplay}): the
 * transactions and identities from {@code dsh.tx.submitted}, {@code dsh.tx.rejected} and {@code dsh.ledger.blocks}
 * ({@link TransactionReplay}), the vault from its topics, every envelope checked against them ({@link VaultReplay}).
 * Only the transactions never published (the outbox) are carried over from the live schema: no topic holds them.
 *
 * <p>Writing pauses in this order: the {@link WriteGate} closes (waiting for the HTTP writes in flight, which may wait
 * for their outcome from the listeners), then every Kafka listener container stops (after its batch in flight).
 * Resuming forgets what was remembered from the tables ({@link WritingResumed}), starts them again and opens the gate.
 *
 * <p>No checkpoint is taken: what the rebuilt schema is checked against is the live one. Every live transaction must
 * be in it with the same status, reason, published message, hashes, block position and receipt; every live identity
 * with the same role and registering transaction; every live {@code records} row with identical bytes (ciphertext,
 * nonce, wrapped data key, salt, commitment, patient, content type, transaction); and every live patient key.
 * Otherwise {@link RebuiltSchemaLacksRows} names the first few. A live schema that cannot be read (dropped after a
 * disaster) leaves nothing to compare: that is logged.
 */
@Component
class TransactionRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(TransactionRebuild.class);
    private static final int NAMED = 5;

    private final LogReplay logReplay;
    private final TransactionReplay transactions;
    private final WriteGate gate;
    private final KafkaListenerEndpointRegistry listeners;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final List<MessageListenerContainer> stopped = new ArrayList<>();

    TransactionRebuild(LogReplay logReplay, TransactionReplay transactions, WriteGate gate,
                       KafkaListenerEndpointRegistry listeners, JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.logReplay = logReplay;
        this.transactions = transactions;
        this.gate = gate;
        this.listeners = listeners;
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public String service() {
        return "transaction-service";
    }

    @Override
    public void admit(String checkpoint) {
        if (checkpoint != null) {
            throw new RebuildRequestInvalid("the transaction-service rebuilds from its topics, checks against its live"
                    + " schema and takes no checkpoint");
        }
    }

    @Override
    public void replay(DataSource target, Consumer<Progress> progress) {
        logReplay.replay(target, progress);
    }

    @Override
    public synchronized void pauseWriting() {
        gate.close();
        for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
            if (container.isRunning()) {
                container.stop();
                stopped.add(container);
            }
        }
        log.info("Writing paused: HTTP writes held, {} listener container(s) stopped", stopped.size());
    }

    @Override
    public synchronized void resumeWriting() {
        events.publishEvent(new WritingResumed());
        stopped.forEach(MessageListenerContainer::start);
        stopped.clear();
        gate.open();
        log.info("Writing resumed");
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        String rebuilt = Schemas.quoted(rebuiltSchema);
        String live = Schemas.quoted(liveSchema);
        if (transactions.liveSchema().isEmpty()) {
            log.warn("The live schema {} cannot be read: nothing to compare the rebuilt one with", liveSchema);
            return;
        }
        for (String table : List.of("transactions", "identities", "records", "patient_keys")) {
            log.info("{}: live {} rows, rebuilt {}", table, count(live, table), count(rebuilt, table));
        }
        holdsEveryLiveRow(rebuilt, live, "transactions", "id", """
                r.id = l.id AND r.type = l.type AND r.patient_id IS NOT DISTINCT FROM l.patient_id
                AND r.actor_id = l.actor_id AND r.status = l.status AND r.reason IS NOT DISTINCT FROM l.reason
                AND r.detail IS NOT DISTINCT FROM l.detail AND r.shard IS NOT DISTINCT FROM l.shard
                AND r.block_height IS NOT DISTINCT FROM l.block_height AND r.tx_hash IS NOT DISTINCT FROM l.tx_hash
                AND r.leaf_index IS NOT DISTINCT FROM l.leaf_index AND r.signed_json = l.signed_json
                AND r.submitted_hash = l.submitted_hash AND r.receipt IS NOT DISTINCT FROM l.receipt
                AND (l.block_hash IS NULL OR r.block_hash = l.block_hash)""");
        holdsEveryLiveRow(rebuilt, live, "identities", "actor_id", """
                r.actor_id = l.actor_id AND r.role = l.role AND r.status = l.status
                AND r.registered_by_tx = l.registered_by_tx""");
        holdsEveryLiveRow(rebuilt, live, "records", "record_id", """
                r.record_id = l.record_id AND r.patient_id = l.patient_id AND r.content_type = l.content_type
                AND r.ciphertext = l.ciphertext AND r.iv = l.iv AND r.wrapped_data_key = l.wrapped_data_key
                AND r.salt = l.salt AND r.commitment = l.commitment AND r.added_by_tx = l.added_by_tx""");
        holdsEveryLiveRow(rebuilt, live, "patient_keys", "patient_id",
                "r.patient_id = l.patient_id AND r.wrapped_key = l.wrapped_key");
    }

    private long count(String schema, String table) {
        return jdbc.queryForObject("SELECT count(*) FROM %s.%s".formatted(schema, table), Long.class);
    }

    private void holdsEveryLiveRow(String rebuilt, String live, String table, String id, String same) {
        String lacking = "FROM %1$s.%3$s l WHERE NOT EXISTS (SELECT 1 FROM %2$s.%3$s r WHERE %4$s)"
                .formatted(live, rebuilt, table, same);
        long count = jdbc.queryForObject("SELECT count(*) " + lacking, Long.class);
        if (count > 0) {
            List<String> first = jdbc.queryForList("SELECT l.%s %s ORDER BY 1 LIMIT %d".formatted(id, lacking, NAMED),
                    String.class);
            throw new RebuiltSchemaLacksRows(table, count, first);
        }
    }
}
