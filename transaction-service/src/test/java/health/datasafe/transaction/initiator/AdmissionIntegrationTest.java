package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With two transactions allowed on their way to the ledger and the stand-in ledger never answering a patient's
 * records, a third request that would start a transaction is refused at once with 503 and Retry-After, stores
 * nothing, and following a transaction is still served; once the held ones pass max-age, writes are admitted again.
 * (Its own instance id: this context's outcome consumers are not shared with the other tests' context.)
 */
@TestPropertySource(properties = {"dsh.instance-id=tx-admission", "dsh.admission.initial-limit=2",
        "dsh.admission.min-limit=2", "dsh.admission.max-limit=2", "dsh.admission.max-age=3s"})
class AdmissionIntegrationTest extends TransactionServiceTestBase {

    private static final byte[] CONTENT = "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8);

    private int addRecordWithoutWaiting(String patient, String token) throws Exception {
        return send("POST", "/api/patients/" + patient + "/records", token, "application/fhir+json", CONTENT)
                .statusCode();
    }

    @Test
    void aTransactionBeyondTheLimitIsRefusedAtOnceStoresNothingAndIsAdmittedAgainOnceTheHeldOnesAge()
            throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && patient.equals(tx.patientId()));

        var first = send("POST", "/api/patients/" + patient + "/records", token, "application/fhir+json", CONTENT);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(addRecordWithoutWaiting(patient, token)).isEqualTo(202);

        var refused = send("POST", "/api/patients/" + patient + "/records", token, "application/fhir+json", CONTENT,
                "Prefer", "wait=10");
        assertProblem(refused, 503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :patient AND type = 'RECORD_ADDED'",
                Map.of("patient", patient))).isEqualTo(2);

        String followed = jsonOf(first).get("transactionId").asString();
        assertThat(send("GET", "/api/transactions/" + followed, token, null, null).statusCode()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> addRecordWithoutWaiting(patient, token) == 202);
    }
}
