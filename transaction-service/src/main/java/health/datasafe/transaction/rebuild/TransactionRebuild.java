package health.datasafe.transaction.rebuild;

import health.datasafe.kit.rebuild.RebuildRequestInvalid;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@code POST /api/transactions/rebuilds}). A partial rebuild: the vault ({@code records}, {@code patient_keys}) is
 * rebuilt from its topics, every envelope checked against the committed ledger ({@link VaultReplay}); the transaction
 * table and the identities are carried over from the live schema as they are (not rebuilt from
 * {@code dsh.tx.submitted}, {@code dsh.tx.rejected} and {@code dsh.ledger.blocks}).
 *
 * <p>Writing pauses in this order: the {@link WriteGate} closes (waiting for the HTTP writes in flight, which may wait
 * for their outcome from the listeners), then every Kafka listener container stops (after its batch in flight).
 * Resuming starts them again and opens the gate.
 *
 * <p>No checkpoint is taken: what the rebuilt vault is checked against is the live one. Every live {@code records}
 * row must be in the rebuilt schema with identical bytes (ciphertext, nonce, wrapped data key, salt, commitment,
 * patient, content type, transaction), and every live patient key; otherwise {@link RebuiltVaultLacksRows} names the
 * first few. A live schema that cannot be read (dropped after a disaster) leaves nothing to compare: that is logged.
 */
@Component
class TransactionRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(TransactionRebuild.class);
    private static final int NAMED = 5;

    private final VaultReplay vault;
    private final WriteGate gate;
    private final KafkaListenerEndpointRegistry listeners;
    private final JdbcTemplate jdbc;
    private final List<MessageListenerContainer> stopped = new ArrayList<>();

    TransactionRebuild(VaultReplay vault, WriteGate gate, KafkaListenerEndpointRegistry listeners, JdbcTemplate jdbc) {
        this.vault = vault;
        this.gate = gate;
        this.listeners = listeners;
        this.jdbc = jdbc;
    }

    @Override
    public String service() {
        return "transaction-service";
    }

    @Override
    public void admit(String checkpoint) {
        if (checkpoint != null) {
            throw new RebuildRequestInvalid("the transaction-service rebuilds its vault from its topics and the"
                    + " committed ledger and takes no checkpoint");
        }
    }

    @Override
    public void replay(DataSource target, Consumer<Progress> progress) {
        vault.replay(target, progress);
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
        stopped.forEach(MessageListenerContainer::start);
        stopped.clear();
        gate.open();
        log.info("Writing resumed");
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        String rebuilt = Schemas.quoted(rebuiltSchema);
        String live = Schemas.quoted(liveSchema);
        if (!vault.carryOverFromLive(new JdbcTemplate(target))) {
            log.warn("The live vault {} cannot be read: nothing to compare the rebuilt one with", liveSchema);
            return;
        }
        log.info("Vault: live {} records and {} patient keys, rebuilt {} and {}", count(live, "records"),
                count(live, "patient_keys"), count(rebuilt, "records"), count(rebuilt, "patient_keys"));
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
            throw new RebuiltVaultLacksRows(table, count, first);
        }
    }
}
