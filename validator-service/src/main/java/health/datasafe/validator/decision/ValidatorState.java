package health.datasafe.validator.decision;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.validator.consent.Change;
import health.datasafe.validator.consent.RecordFacts;
import health.datasafe.validator.rules.Consent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code validator} schema: identities, records (and their erasures) and consents derived from accepted transactions, and the
 * decision per transaction id. Loads a poll batch's {@link BatchFacts} and stores what the batch changed, each in a
 * statement per table, inside the caller's database transaction.
 */
@Repository
class ValidatorState {

    private final JdbcClient jdbc;

    ValidatorState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Loads, in one query per table, every stored row the transactions of a batch can ask about: the identities of
     * their actors, patients and grantees, the records and consents they name, each patient's consents to each actor,
     * and the decisions already stored for their ids.
     */
    BatchFacts factsFor(List<Transaction> batch) {
        Set<String> actors = new HashSet<>();
        Set<String> recordIds = new HashSet<>();
        Set<String> consentIds = new HashSet<>();
        Set<String> patients = new HashSet<>();
        Set<String> txIds = new HashSet<>();
        for (Transaction tx : batch) {
            txIds.add(tx.id());
            actors.add(tx.actorId());
            addIfPresent(actors, tx.patientId());
            addIfPresent(actors, tx.meta(Metadata.GRANTEE));
            addIfPresent(actors, tx.meta(Metadata.SUBJECT));
            addIfPresent(recordIds, tx.meta(Metadata.RECORD_ID));
            addIfPresent(consentIds, tx.meta(Metadata.CONSENT_ID));
            if (tx.type() == TransactionType.EMERGENCY_ACCESS) {
                // its reason becomes a record under the window's id
                addIfPresent(recordIds, tx.meta(Metadata.CONSENT_ID));
            }
            if (tx.type() == TransactionType.RECORD_ACCESSED || tx.type() == TransactionType.RECORD_ERASED) {
                // a break-glass reason is a record under the window's id: read by an auditor, never erased
                addIfPresent(consentIds, tx.meta(Metadata.RECORD_ID));
            }
            addIfPresent(patients, tx.patientId());
        }
        var facts = new BatchFacts(actors, recordIds, consentIds, patients, txIds);
        jdbc.sql("SELECT actor_id, role, public_key, organization FROM identities WHERE actor_id = ANY(?)")
                .param(array(actors))
                .query(rs -> {
                    facts.storedIdentity(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4));
                });
        jdbc.sql("""
                        SELECT record_id, patient_id, resource_type, security_labels, erased_by_tx FROM records
                        WHERE record_id = ANY(?)""")
                .param(array(recordIds))
                .query(rs -> {
                    facts.storedRecord(rs.getString(1), new RecordFacts(rs.getString(2), rs.getString(3),
                            RecordFacts.labels(rs.getString(4)), rs.getString(5)));
                });
        jdbc.sql("SELECT * FROM consents WHERE consent_id = ANY(?) OR patient_id = ANY(?)")
                .param(array(consentIds))
                .param(array(patients))
                .query(rs -> {
                    facts.storedConsent(consent(rs));
                });
        jdbc.sql("SELECT tx_id, tx_hash, reason, detail, validator, decided_at FROM decisions WHERE tx_id = ANY(?)")
                .param(array(txIds))
                .query(rs -> {
                    facts.storedDecision(new Decision(rs.getString("tx_id"), rs.getString("tx_hash"),
                            rs.getString("reason") == null ? null : RejectionReason.valueOf(rs.getString("reason")),
                            rs.getString("detail"), rs.getString("validator"), instant(rs, "decided_at")));
                });
        return facts;
    }

    /**
     * Writes what the batch changed and decided, one statement per table, inside the caller's database transaction.
     * Every row must be new (and every revoked consent still in force): another instance that wrote one first (only
     * possible while a partition moves between instances) makes this {@link DecisionRaced}, and the whole batch is
     * rolled back and read again.
     */
    void store(BatchFacts facts) {
        var identities = facts.newIdentities();
        expect(identities.size(), "identities", jdbc.sql("""
                        INSERT INTO identities (actor_id, role, public_key, organization, registered_by_tx)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        ON CONFLICT (actor_id) DO NOTHING""")
                .param(column(identities, Change.NewIdentity::actorId))
                .param(column(identities, identity -> identity.role().name()))
                .param(column(identities, Change.NewIdentity::publicKey))
                .param(column(identities, Change.NewIdentity::organization))
                .param(column(identities, Change.NewIdentity::txId)));
        var keys = facts.newKeys();
        expect(keys.size(), "keys", jdbc.sql("""
                        UPDATE identities i SET public_key = k.public_key
                        FROM unnest(?::text[], ?::text[]) AS k (actor_id, public_key)
                        WHERE i.actor_id = k.actor_id""")
                .param(column(keys, Change.NewKey::actorId))
                .param(column(keys, Change.NewKey::publicKey)));
        var records = facts.newRecords();
        expect(records.size(), "records", jdbc.sql("""
                        INSERT INTO records (record_id, patient_id, resource_type, security_labels, added_by_tx)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        ON CONFLICT (record_id) DO NOTHING""")
                .param(column(records, Change.NewRecord::recordId))
                .param(column(records, Change.NewRecord::patientId))
                .param(column(records, Change.NewRecord::resourceType))
                .param(column(records, record -> RecordFacts.labelsText(record.securityLabels())))
                .param(column(records, Change.NewRecord::txId)));
        var erasures = facts.newErasures();
        expect(erasures.size(), "erasures", jdbc.sql("""
                        UPDATE records r SET erased_by_tx = e.tx_id
                        FROM unnest(?::text[], ?::text[], ?::text[]) AS e (record_id, patient_id, tx_id)
                        WHERE r.record_id = e.record_id AND r.patient_id = e.patient_id AND r.erased_by_tx IS NULL""")
                .param(column(erasures, Change.Erasure::recordId))
                .param(column(erasures, Change.Erasure::patientId))
                .param(column(erasures, Change.Erasure::txId)));
        var consents = facts.newConsents();
        expect(consents.size(), "consents", jdbc.sql("""
                        INSERT INTO consents (consent_id, patient_id, grantee, action, purpose, valid_from, valid_until,
                                              terms, granted_by_tx, revoked_by_tx)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                             ?::jsonb[], ?::text[], ?::text[])
                        ON CONFLICT (consent_id) DO NOTHING""")
                .param(column(consents, Consent::consentId))
                .param(column(consents, Consent::patientId))
                .param(column(consents, consent -> consent.terms().get(Metadata.GRANTEE)))
                .param(column(consents, consent -> consent.terms().get(Metadata.ACTION)))
                .param(column(consents, consent -> consent.terms().get(Metadata.PURPOSE)))
                .param(column(consents, consent -> consent.terms().get(Metadata.VALID_FROM)))
                .param(column(consents, consent -> consent.terms().get(Metadata.VALID_UNTIL)))
                .param(column(consents, Consent::optionalTermsJson))
                .param(column(consents, Consent::grantedByTx))
                .param(column(consents, Consent::revokedByTx)));
        var revocations = facts.storedConsentsRevoked();
        expect(revocations.size(), "revocations", jdbc.sql("""
                        UPDATE consents c SET revoked_by_tx = r.tx_id
                        FROM unnest(?::text[], ?::text[], ?::text[]) AS r (consent_id, patient_id, tx_id)
                        WHERE c.consent_id = r.consent_id AND c.patient_id = r.patient_id AND c.revoked_by_tx IS NULL""")
                .param(column(revocations, Change.Revocation::consentId))
                .param(column(revocations, Change.Revocation::patientId))
                .param(column(revocations, Change.Revocation::txId)));
        var decisions = facts.newDecisions();
        expect(decisions.size(), "decisions", jdbc.sql("""
                        INSERT INTO decisions (tx_id, tx_hash, outcome, reason, detail, validator, decided_at)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                             ?::timestamptz[])
                        ON CONFLICT (tx_id) DO NOTHING""")
                .param(column(decisions, Decision::txId))
                .param(column(decisions, Decision::txHash))
                .param(column(decisions, decision -> decision.validated() ? "VALIDATED" : "REJECTED"))
                .param(column(decisions, decision -> decision.reason() == null ? null : decision.reason().name()))
                .param(column(decisions, Decision::detail))
                .param(column(decisions, Decision::validator))
                .param(column(decisions, decision -> decision.decidedAt().toString())));
    }

    private static void expect(int rows, String table, JdbcClient.StatementSpec write) {
        if (rows > 0) {
            int written = write.update();
            if (written != rows) {
                throw new DecisionRaced(table, rows, written);
            }
        }
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static String[] array(Set<String> values) {
        return values.toArray(String[]::new);
    }

    private static void addIfPresent(Set<String> values, String value) {
        if (value != null) {
            values.add(value);
        }
    }

    private static Consent consent(ResultSet rs) throws SQLException {
        return Consent.stored(rs.getString("consent_id"), rs.getString("patient_id"), rs.getString("grantee"),
                rs.getString("action"), rs.getString("purpose"), rs.getString("valid_from"), rs.getString("valid_until"),
                rs.getString("terms"), rs.getString("granted_by_tx"), rs.getString("revoked_by_tx"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
