package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.ErasureReceipt;
import health.datasafe.integrity.Receipt;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.initiator.TransactionStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A record's erasure receipt (integrity's {@link ErasureReceipt}), from the transactions this service initiated and
 * the receipts their blocks gave them: the patient's RECORD_ERASED and the vault's ERASURE_CONFIRMED of it, each once
 * final, its receipt's checkpoint carrying the signature of every ledger node that signed it.
 */
@Component
class ErasureReceipts {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Submissions submissions;

    ErasureReceipts(JdbcClient jdbc, JsonMapper json, Submissions submissions) {
        this.jdbc = jdbc;
        this.json = json;
        this.submissions = submissions;
    }

    /** The receipt of the committed erasure of the patient's record; empty when there is none (yet). */
    Optional<ErasureReceipt> of(String patientId, String recordId) {
        List<ErasureReceipt.Part> erasures = committed(TransactionType.RECORD_ERASED, patientId, Metadata.RECORD_ID,
                recordId);
        if (erasures.isEmpty()) {
            return Optional.empty();
        }
        ErasureReceipt.Part erasure = erasures.getFirst();
        return Optional.of(new ErasureReceipt(recordId, patientId, erasure, committed(TransactionType.ERASURE_CONFIRMED,
                patientId, Metadata.ERASURE_ID, erasure.transaction().id())));
    }

    /** The patient's final transactions of this type whose metadata {@code key} is {@code value}, oldest first. */
    private List<ErasureReceipt.Part> committed(TransactionType type, String patientId, String key, String value) {
        List<Transaction> found = jdbc.sql("""
                        SELECT signed_json FROM transactions
                        WHERE patient_id = :patientId AND type = :type AND status = 'COMMITTED' AND receipt IS NOT NULL
                          AND (signed_json::jsonb -> 'transaction' -> 'metadata' ->> :key) = :value
                        ORDER BY created_at, id""")
                .param("patientId", patientId)
                .param("type", type.name())
                .param("key", key)
                .param("value", value)
                .query((rs, row) -> json.readValue(rs.getString("signed_json"), TransactionSubmitted.class)
                        .transaction())
                .list();
        var parts = new ArrayList<ErasureReceipt.Part>();
        for (Transaction tx : found) {
            submissions.following(tx.id()).outcome(Duration.ZERO)
                    .filter(tracked -> tracked.status() == TransactionStatus.COMMITTED && tracked.receipt() != null)
                    .ifPresent(tracked -> parts.add(new ErasureReceipt.Part(tx,
                            Receipt.parse(tracked.receipt().getBytes(StandardCharsets.UTF_8)).toHeader())));
        }
        return parts;
    }
}
