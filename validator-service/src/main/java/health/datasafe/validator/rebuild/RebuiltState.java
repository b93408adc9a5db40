package health.datasafe.validator.rebuild;

import health.datasafe.contracts.Metadata;
import health.datasafe.validator.consent.Change;
import health.datasafe.validator.consent.RecordFacts;
import health.datasafe.validator.rules.Consent;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validator schema a replay fills (the kit's rebuild schema): each replayed batch is written in one database
 * transaction with batched statements, together with the offsets to go on from. The first decision per transaction id
 * in the order read stands; the same transaction again (same hash) is one decision, another transaction reusing the id
 * is counted as a conflict and logged, and changes nothing.
 */
final class RebuiltState {

    private static final Logger log = LoggerFactory.getLogger(RebuiltState.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate inOneTransaction;

    RebuiltState(DataSource target) {
        this.jdbc = new JdbcTemplate(target);
        this.inOneTransaction = new TransactionTemplate(new DataSourceTransactionManager(target));
    }

    /** What one batch wrote. */
    record Written(int decisions, int duplicates, int conflicts, int anomalies) {
    }

    /** The offsets an earlier replay into this schema stopped at; empty for a fresh schema. */
    Map<TopicPartition, Long> positions() {
        var positions = new HashMap<TopicPartition, Long>();
        jdbc.query("SELECT topic, partition, next_offset FROM replay_positions", rs -> {
            positions.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        });
        return positions;
    }

    /**
     * Stores the batch's decisions and the changes of the validated ones, raises {@code epoch_seq} to at least
     * {@code highestEpoch} (if positive) and stores {@code positions}, in one database transaction.
     */
    Written write(List<ReplayedDecision> batch, long highestEpoch, Map<TopicPartition, Long> positions) {
        return inOneTransaction.execute(status -> {
            var fresh = new LinkedHashMap<String, ReplayedDecision>();
            int duplicates = 0;
            int conflicts = 0;
            for (ReplayedDecision decision : batch) {
                ReplayedDecision first = fresh.putIfAbsent(decision.txId(), decision);
                if (first != null) {
                    if (first.txHash().equals(decision.txHash())) {
                        duplicates++;
                    } else {
                        conflicts++;
                        reportConflict(decision, first.txHash());
                    }
                }
            }
            for (Map.Entry<String, String> stored : storedHashes(fresh.keySet()).entrySet()) {
                ReplayedDecision again = fresh.remove(stored.getKey());
                if (again.txHash().equals(stored.getValue())) {
                    duplicates++;
                } else {
                    conflicts++;
                    reportConflict(again, stored.getValue());
                }
            }
            var decisions = List.copyOf(fresh.values());
            int anomalies = applyChanges(decisions);
            insertDecisions(decisions);
            if (highestEpoch > 0) {
                jdbc.queryForObject("SELECT setval('epoch_seq', greatest(?, (SELECT CASE WHEN is_called THEN last_value"
                        + " ELSE last_value - 1 END FROM epoch_seq)))", Long.class, highestEpoch);
            }
            storePositions(positions);
            return new Written(decisions.size(), duplicates, conflicts, anomalies);
        });
    }

    private static void reportConflict(ReplayedDecision later, String firstHash) {
        log.warn("Transaction {} at {} hashes to {}, but the first decision replayed for its id was on a transaction"
                + " hashing to {}: the first stands, this one is ignored", later.txId(), later.where(), later.txHash(),
                firstHash);
    }

    private Map<String, String> storedHashes(Collection<String> txIds) {
        var stored = new HashMap<String, String>();
        if (txIds.isEmpty()) {
            return stored;
        }
        jdbc.query("SELECT tx_id, tx_hash FROM decisions WHERE tx_id = ANY (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", txIds.toArray())),
                rs -> {
                    stored.put(rs.getString(1), rs.getString(2));
                });
        return stored;
    }

    /**
     * Inserts first (identities, records, consents), then changes keys and revokes, in the order read: a registration
     * and its key's rotation, a grant and its revocation, may share the batch.
     */
    private int applyChanges(List<ReplayedDecision> decisions) {
        var identities = new ArrayList<Object[]>();
        var records = new ArrayList<Object[]>();
        var consents = new ArrayList<Object[]>();
        var revocations = new ArrayList<Object[]>();
        var keys = new ArrayList<Object[]>();
        var erasures = new ArrayList<Object[]>();
        for (ReplayedDecision decision : decisions) {
            if (!decision.validated()) {
                continue;
            }
            switch (decision.change()) {
                case Change.Nothing nothing -> {
                }
                case Change.NewIdentity identity -> identities.add(new Object[]{identity.actorId(),
                        identity.role().name(), identity.publicKey(), identity.organization(), identity.txId()});
                case Change.NewRecord record -> records.add(recordRow(record));
                case Change.NewConsent(Consent consent) -> consents.add(consentRow(consent));
                case Change.NewBreakGlass(Consent window, Change.NewRecord reason) -> {
                    consents.add(consentRow(window));
                    records.add(recordRow(reason));
                }
                case Change.Revocation revocation -> revocations.add(new Object[]{revocation.txId(),
                        revocation.consentId(), revocation.patientId()});
                case Change.NewKey key -> keys.add(new Object[]{key.publicKey(), key.actorId()});
                case Change.Erasure erasure -> erasures.add(new Object[]{erasure.txId(), erasure.recordId(),
                        erasure.patientId()});
            }
        }
        int anomalies = 0;
        anomalies += unchanged("identity of", jdbc.batchUpdate("""
                INSERT INTO identities (actor_id, role, public_key, organization, registered_by_tx)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (actor_id) DO NOTHING""", identities), identities, 0);
        anomalies += unchanged("record", jdbc.batchUpdate("""
                INSERT INTO records (record_id, patient_id, resource_type, security_labels, added_by_tx)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (record_id) DO NOTHING""", records), records, 0);
        anomalies += unchanged("consent", jdbc.batchUpdate("""
                INSERT INTO consents (consent_id, patient_id, grantee, action, purpose, valid_from, valid_until,
                                      terms, granted_by_tx)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (consent_id) DO NOTHING""", consents), consents, 0);
        anomalies += unchanged("key of", jdbc.batchUpdate("""
                UPDATE identities SET public_key = ? WHERE actor_id = ?""", keys), keys, 1);
        anomalies += unchanged("erasure by transaction", jdbc.batchUpdate("""
                UPDATE records SET erased_by_tx = ?
                WHERE record_id = ? AND patient_id = ? AND erased_by_tx IS NULL""", erasures), erasures, 0);
        anomalies += unchanged("revocation by transaction", jdbc.batchUpdate("""
                UPDATE consents SET revoked_by_tx = ?
                WHERE consent_id = ? AND patient_id = ? AND revoked_by_tx IS NULL""", revocations), revocations, 0);
        return anomalies;
    }

    private static Object[] recordRow(Change.NewRecord record) {
        return new Object[]{record.recordId(), record.patientId(), record.resourceType(),
                RecordFacts.labelsText(record.securityLabels()), record.txId()};
    }

    private static Object[] consentRow(Consent consent) {
        return new Object[]{consent.consentId(), consent.patientId(), consent.terms().get(Metadata.GRANTEE),
                consent.terms().get(Metadata.ACTION), consent.terms().get(Metadata.PURPOSE),
                consent.terms().get(Metadata.VALID_FROM), consent.terms().get(Metadata.VALID_UNTIL),
                consent.optionalTermsJson(), consent.grantedByTx()};
    }

    /** Logs each row the batch could not write (already there, or nothing to revoke); answers how many. */
    private static int unchanged(String what, int[] counts, List<Object[]> rows, int idColumn) {
        int unchanged = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                unchanged++;
                log.warn("The replayed {} {} changed nothing: its row was already written or, for a revocation,"
                        + " its consent was not there or already revoked", what, rows.get(i)[idColumn]);
            }
        }
        return unchanged;
    }

    private void insertDecisions(List<ReplayedDecision> decisions) {
        var rows = new ArrayList<Object[]>();
        for (ReplayedDecision decision : decisions) {
            rows.add(new Object[]{decision.txId(), decision.txHash(), decision.validated() ? "VALIDATED" : "REJECTED",
                    decision.validated() ? null : decision.reason().name(), decision.detail(), decision.validator(),
                    decision.decidedAt().atOffset(ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("""
                INSERT INTO decisions (tx_id, tx_hash, outcome, reason, detail, validator, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    private void storePositions(Map<TopicPartition, Long> positions) {
        var rows = new ArrayList<Object[]>();
        positions.forEach((partition, offset) -> rows.add(new Object[]{partition.topic(), partition.partition(), offset}));
        jdbc.batchUpdate("""
                INSERT INTO replay_positions (topic, partition, next_offset) VALUES (?, ?, ?)
                ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset""", rows);
    }
}
