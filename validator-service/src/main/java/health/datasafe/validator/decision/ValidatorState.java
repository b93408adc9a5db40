package health.datasafe.validator.decision;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.validator.consent.Change;
import health.datasafe.validator.consent.Consent;
import health.datasafe.validator.consent.Facts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code validator} schema: identities, records and consents derived from accepted transactions, and the
 * decision per transaction id. Answers the consent engine's {@link Facts} inside the caller's database transaction.
 */
@Repository
class ValidatorState implements Facts {

    private final JdbcClient jdbc;

    ValidatorState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Role> roleOf(String actorId) {
        return jdbc.sql("SELECT role FROM identities WHERE actor_id = ?")
                .param(actorId)
                .query((rs, row) -> Role.valueOf(rs.getString(1)))
                .optional();
    }

    @Override
    public Optional<String> patientOfRecord(String recordId) {
        return jdbc.sql("SELECT patient_id FROM records WHERE record_id = ?")
                .param(recordId)
                .query(String.class)
                .optional();
    }

    @Override
    public Optional<Consent> consent(String consentId) {
        return jdbc.sql("SELECT * FROM consents WHERE consent_id = ?")
                .param(consentId)
                .query((rs, row) -> consent(rs))
                .optional();
    }

    @Override
    public List<Consent> consentsGranted(String patientId, String grantee) {
        return jdbc.sql("SELECT * FROM consents WHERE patient_id = ? AND grantee = ? ORDER BY consent_id")
                .param(patientId)
                .param(grantee)
                .query((rs, row) -> consent(rs))
                .list();
    }

    /** Applies an accepted transaction's change; false when the row it writes was already there. */
    boolean apply(Change change) {
        int rows = switch (change) {
            case Change.Nothing nothing -> 1;
            case Change.NewIdentity identity -> jdbc.sql("""
                            INSERT INTO identities (actor_id, role, public_key, registered_by_tx) VALUES (?, ?, ?, ?)
                            ON CONFLICT (actor_id) DO NOTHING""")
                    .params(identity.actorId(), identity.role().name(), identity.publicKey(), identity.txId())
                    .update();
            case Change.NewRecord record -> jdbc.sql("""
                            INSERT INTO records (record_id, patient_id, added_by_tx) VALUES (?, ?, ?)
                            ON CONFLICT (record_id) DO NOTHING""")
                    .params(record.recordId(), record.patientId(), record.txId())
                    .update();
            case Change.NewConsent(Consent consent) -> jdbc.sql("""
                            INSERT INTO consents (consent_id, patient_id, grantee, action, purpose, valid_from,
                                                  valid_until, granted_by_tx)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (consent_id) DO NOTHING""")
                    .params(consent.consentId(), consent.patientId(), consent.grantee(), consent.action(),
                            consent.purpose().name(), consent.validFrom().toString(), consent.validUntil().toString(),
                            consent.grantedByTx())
                    .update();
            case Change.Revocation revocation -> jdbc.sql("""
                            UPDATE consents SET revoked_by_tx = ?
                            WHERE consent_id = ? AND patient_id = ? AND revoked_by_tx IS NULL""")
                    .params(revocation.txId(), revocation.consentId(), revocation.patientId())
                    .update();
        };
        return rows == 1;
    }

    Optional<Decision> decision(String txId) {
        return jdbc.sql("SELECT tx_id, tx_hash, reason, detail, validator, decided_at FROM decisions WHERE tx_id = ?")
                .param(txId)
                .query((rs, row) -> new Decision(rs.getString("tx_id"), rs.getString("tx_hash"),
                        rs.getString("reason") == null ? null : RejectionReason.valueOf(rs.getString("reason")),
                        rs.getString("detail"), rs.getString("validator"), instant(rs, "decided_at")))
                .optional();
    }

    /** Stores the decision; false when a decision for this id was already stored. */
    boolean record(Decision decision) {
        return jdbc.sql("""
                        INSERT INTO decisions (tx_id, tx_hash, outcome, reason, detail, validator, decided_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (tx_id) DO NOTHING""")
                .params(decision.txId(), decision.txHash(), decision.validated() ? "VALIDATED" : "REJECTED",
                        decision.reason() == null ? null : decision.reason().name(), decision.detail(),
                        decision.validator(), utc(decision.decidedAt()))
                .update() == 1;
    }

    private static Consent consent(ResultSet rs) throws SQLException {
        return new Consent(rs.getString("consent_id"), rs.getString("patient_id"), rs.getString("grantee"),
                rs.getString("action"), Purpose.valueOf(rs.getString("purpose")), Instant.parse(rs.getString("valid_from")),
                Instant.parse(rs.getString("valid_until")), rs.getString("granted_by_tx"), rs.getString("revoked_by_tx"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
