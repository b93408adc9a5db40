package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;
import health.datasafe.kit.rebuild.RebuildRequestInvalid;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * How the validator's state is rebuilt (the kit's {@code Rebuilds} runs it): {@link ValidatorReplay} re-reads the
 * decisions the validator published; the submission listener is what writes, so it stops (after the batch in flight)
 * for the catch-up and the checks.
 *
 * <p>No checkpoint is taken: a ledger checkpoint commits to the ledger's logs, not to the validator's decisions, and
 * the validator's topics carry no signed note of their own; what the rebuilt state is checked against is the live one.
 * It must keep every live decision with the same transaction hash, and every live revocation (a consent back in force
 * would let a reader through whom the patient shut out); otherwise the rebuild is refused, naming what differs. A live
 * schema that cannot be read (dropped after a disaster) leaves nothing to compare: that is logged. The rebuilt
 * {@code epoch_seq} is raised to the live one, if that is higher (epoch numbers taken by rolled-back Kafka
 * transactions), so epochs only grow.
 */
@Component
class ValidatorRebuild implements Replay {

    private static final Logger log = LoggerFactory.getLogger(ValidatorRebuild.class);
    private static final String LISTENER = "validator-submitted";
    private static final int NAMED = 5;
    private static final List<String> TABLES = List.of("identities", "records", "consents", "decisions");

    private final ValidatorReplay replay;
    private final KafkaListenerEndpointRegistry listeners;
    private final JdbcTemplate jdbc;
    private volatile boolean paused;

    ValidatorRebuild(ValidatorReplay replay, KafkaListenerEndpointRegistry listeners, JdbcTemplate jdbc) {
        this.replay = replay;
        this.listeners = listeners;
        this.jdbc = jdbc;
    }

    @Override
    public String service() {
        return "validator-service";
    }

    @Override
    public void admit(String checkpoint) {
        if (checkpoint != null) {
            throw new RebuildRequestInvalid("the validator rebuilds from its topics (dsh.tx.validated and"
                    + " dsh.tx.rejected) and takes no checkpoint: a ledger checkpoint says nothing of its decisions");
        }
    }

    @Override
    public void replay(DataSource target, Consumer<Progress> progress) {
        replay.replay(target, progress);
    }

    @Override
    public void pauseWriting() {
        MessageListenerContainer listener = listener();
        if (listener.isRunning()) {
            listener.stop();
            paused = true;
        }
    }

    @Override
    public void resumeWriting() {
        if (paused) {
            listener().start();
            paused = false;
        }
    }

    @Override
    public void check(DataSource target, String checkpoint, String rebuiltSchema, String liveSchema) {
        String rebuilt = Schemas.quoted(rebuiltSchema);
        String live = Schemas.quoted(liveSchema);
        log.info("Rebuilt {}: {}", rebuiltSchema, counts(rebuilt));
        String liveCounts;
        try {
            liveCounts = counts(live);
        } catch (DataAccessException unreadable) {
            log.warn("The live validator state {} cannot be read ({}): nothing to compare the rebuilt one with",
                    liveSchema, unreadable.getMessage());
            return;
        }
        log.info("Live {}: {}", liveSchema, liveCounts);
        keepsEveryLiveDecision(rebuilt, live);
        keepsEveryLiveMark(rebuilt, live, "consents", "consent_id", "revoked_by_tx",
                "consent %s revoked live by transaction %s", RevocationsLost::new);
        keepsEveryLiveMark(rebuilt, live, "records", "record_id", "erased_by_tx",
                "record %s erased live by transaction %s", ErasuresLost::new);
        carryOverEpochs(rebuilt, live);
    }

    private MessageListenerContainer listener() {
        MessageListenerContainer listener = listeners.getListenerContainer(LISTENER);
        if (listener == null) {
            throw new IllegalStateException("no listener container " + LISTENER);
        }
        return listener;
    }

    private String counts(String schema) {
        var counts = new StringBuilder();
        for (String table : TABLES) {
            long rows = jdbc.queryForObject("SELECT count(*) FROM %s.%s".formatted(schema, table), Long.class);
            counts.append(counts.isEmpty() ? "" : ", ").append(rows).append(' ').append(table);
        }
        long revoked = jdbc.queryForObject("SELECT count(*) FROM %s.consents WHERE revoked_by_tx IS NOT NULL"
                .formatted(schema), Long.class);
        return counts.append(" (").append(revoked).append(" revoked)").toString();
    }

    private void keepsEveryLiveDecision(String rebuilt, String live) {
        String differing = """
                FROM %2$s.decisions l LEFT JOIN %1$s.decisions r ON r.tx_id = l.tx_id
                WHERE r.tx_hash IS DISTINCT FROM l.tx_hash""".formatted(rebuilt, live);
        long count = jdbc.queryForObject("SELECT count(*) " + differing, Long.class);
        if (count > 0) {
            throw new RebuiltDecisionsDiffer(count, jdbc.query(
                    "SELECT l.tx_id, l.tx_hash, r.tx_hash " + differing + " ORDER BY l.tx_id LIMIT " + NAMED,
                    (rs, row) -> new RebuiltDecisionsDiffer.Lost(rs.getString(1), rs.getString(2), rs.getString(3))));
        }
        long added = jdbc.queryForObject("""
                SELECT count(*) FROM %1$s.decisions r
                WHERE NOT EXISTS (SELECT 1 FROM %2$s.decisions l WHERE l.tx_id = r.tx_id)""".formatted(rebuilt, live),
                Long.class);
        if (added > 0) {
            log.info("The rebuilt state holds {} decision(s) the live one had lost", added);
        }
    }

    /**
     * Every row the live state marks by a transaction ({@code mark}: a consent's revocation, a record's erasure) is
     * marked in the rebuilt state too; {@code lost} (how many are not, and the first few, each {@code named} by its id
     * and the live marking transaction) otherwise.
     */
    private void keepsEveryLiveMark(String rebuilt, String live, String table, String id, String mark, String named,
                                    BiFunction<Long, List<String>, RebuildRefused> lost) {
        String unmarked = """
                FROM %2$s.%3$s l LEFT JOIN %1$s.%3$s r ON r.%4$s = l.%4$s
                WHERE l.%5$s IS NOT NULL AND r.%5$s IS NULL""".formatted(rebuilt, live, table, id, mark);
        long count = jdbc.queryForObject("SELECT count(*) " + unmarked, Long.class);
        if (count > 0) {
            throw lost.apply(count, jdbc.query("SELECT l.%s, l.%s ".formatted(id, mark) + unmarked
                            + " ORDER BY l." + id + " LIMIT " + NAMED,
                    (rs, row) -> named.formatted(rs.getString(1), rs.getString(2))));
        }
    }

    private void carryOverEpochs(String rebuilt, String live) {
        String issued = "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s.epoch_seq";
        long liveEpoch = jdbc.queryForObject(issued.formatted(live), Long.class);
        long rebuiltEpoch = jdbc.queryForObject(issued.formatted(rebuilt), Long.class);
        if (liveEpoch > rebuiltEpoch) {
            jdbc.queryForObject("SELECT setval('%s.epoch_seq', ?)".formatted(rebuilt), Long.class, liveEpoch);
            log.info("Epochs go on after {} (the live sequence; the replayed epoch ends reach {})", liveEpoch,
                    rebuiltEpoch);
        } else {
            log.info("Epochs go on after {}", rebuiltEpoch);
        }
    }
}
