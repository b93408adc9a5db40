package health.datasafe.transaction.consent;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patient's consents as the ledger committed them: every CONSENT_GRANTED of hers that is committed, with the
 * committed CONSENT_REVOKED that ended it, if any. Read from the transactions this service initiated (rebuilt from the
 * topics like the rest of its state), never from anything a caller says.
 */
@Repository
class ConsentHistory {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConsentHistory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Her consents in the order they were committed, each as it stands {@code now}. */
    List<ConsentView> of(String patientId, Instant now) {
        var granted = new LinkedHashMap<String, Committed>();
        var revoked = new LinkedHashMap<String, Committed>();
        jdbc.sql("""
                        SELECT signed_json, tx_hash, shard, block_height FROM transactions
                        WHERE patient_id = :patient AND status = 'COMMITTED' AND type IN (:types)
                        ORDER BY shard, leaf_index""")
                .param("patient", patientId)
                .param("types", List.of(TransactionType.CONSENT_GRANTED.name(), TransactionType.CONSENT_REVOKED.name()))
                .query(rs -> {
                    Transaction tx = json.readValue(rs.getString("signed_json"), TransactionSubmitted.class).transaction();
                    var committed = new Committed(tx, new ConsentView.Place(tx.id(), rs.getString("tx_hash"),
                            rs.getInt("shard"), rs.getLong("block_height")));
                    String consentId = tx.meta(Metadata.CONSENT_ID);
                    (tx.type() == TransactionType.CONSENT_GRANTED ? granted : revoked).putIfAbsent(consentId, committed);
                });
        var views = new ArrayList<ConsentView>();
        granted.forEach((consentId, grant) -> views.add(view(consentId, grant, revoked.get(consentId), now)));
        return views;
    }

    private record Committed(Transaction tx, ConsentView.Place place) {
    }

    private static ConsentView view(String consentId, Committed grant, Committed revocation, Instant now) {
        Transaction tx = grant.tx();
        var terms = new LinkedHashMap<String, String>();
        tx.metadata().entrySet().stream()
                .filter(entry -> Metadata.PROVISION_KEYS.contains(entry.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> terms.put(entry.getKey(), entry.getValue()));
        Instant from = Instant.parse(terms.get(Metadata.VALID_FROM));
        Instant until = Instant.parse(terms.get(Metadata.VALID_UNTIL));
        ConsentView.Status status = revocation != null ? ConsentView.Status.REVOKED
                : now.isBefore(from) ? ConsentView.Status.NOT_YET_VALID
                : now.isBefore(until) ? ConsentView.Status.ACTIVE
                : ConsentView.Status.EXPIRED;
        return new ConsentView(consentId, tx.patientId(), status, terms, tx.actorId(), tx.submittedAt(),
                tx.meta(Metadata.USER_SIGNATURE) != null, grant.place(),
                revocation == null ? null : revocation.tx().actorId(),
                revocation == null ? null : revocation.tx().submittedAt(),
                revocation == null ? null : revocation.place());
    }
}
