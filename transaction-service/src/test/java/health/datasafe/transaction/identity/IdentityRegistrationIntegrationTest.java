package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.Transactions;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IdentityRegistrationIntegrationTest extends TransactionServiceTestBase {

    @Test
    void patientRegistrationWithPreferWaitIsCreatedOnceCommitted() throws Exception {
        String patient = uniqueId("patient");
        var key = Ed25519.SigningKey.generate();
        var publicKey = key.verifyingKey().toX509();
        String proof = KeyPossession.prove(key, patient, "PATIENT");

        var response = postJson("/api/identities", token(patient, Role.PATIENT),
                "{\"publicKey\":\"" + publicKey + "\",\"keyProof\":\"" + proof + "\"}", "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=10");
        var body = jsonOf(response);
        String txId = body.get("transactionId").asString();
        assertThat(body.get("actorId").asString()).isEqualTo(patient);
        assertThat(body.get("status").asString()).isEqualTo("COMMITTED");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/transactions/" + txId);
        assertThat(jdbc.sql("SELECT role FROM identities WHERE actor_id = :a").param("a", patient).query(String.class).single())
                .isEqualTo("PATIENT");

        Transaction published = LEDGER.submitted().stream().filter(tx -> tx.id().equals(txId)).findFirst().orElseThrow();
        assertThat(published.type()).isEqualTo(TransactionType.IDENTITY_REGISTERED);
        assertThat(published.patientId()).isEqualTo(patient);
        assertThat(published.actorId()).isEqualTo(patient);
        assertThat(published.metadata())
                .isEqualTo(Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, publicKey, Metadata.KEY_PROOF, proof));
        assertThat(published.payloadHash()).isEqualTo(Transactions.metadataHash(published.metadata()));
        assertThat(published.initiator()).isEqualTo(INITIATOR_KEY.verifyingKey().keyId());
        assertThat(Transactions.signatureValid(published, INITIATOR_KEY.verifyingKey())).isTrue();
        assertThat(published.submittedAt().getNano() % 1_000_000).isZero();
    }

    @Test
    void registrationWithoutPreferIsAcceptedAndItsStatusCanBeFollowed() throws Exception {
        String clinician = uniqueId("clinician");
        String token = token(clinician, Role.CLINICIAN);

        var response = postJson("/api/identities", token, keyed(clinician, Role.CLINICIAN, null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(jsonOf(response).get("status").asString()).isEqualTo("PENDING");
        String location = response.headers().firstValue("Location").orElseThrow();
        var status = await().atMost(PATIENCE).until(() -> jsonOf(send("GET", location, token, null, null)),
                tx -> "COMMITTED".equals(tx.get("status").asString()));
        assertThat(status.get("type").asString()).isEqualTo("IDENTITY_REGISTERED");
        assertThat(status.get("shard").isNumber()).isTrue();
        assertThat(status.get("blockHeight").isNumber()).isTrue();
        assertThat(status.get("txHash").asString()).hasSize(64);
        Transaction published = LEDGER.submitted().stream()
                .filter(tx -> tx.id().equals(jsonOf(response).get("transactionId").asString())).findFirst().orElseThrow();
        assertThat(published.patientId()).isNull();
        assertThat(status.get("txHash").asString()).isEqualTo(Transactions.hash(published));
    }

    @Test
    void registeringAnIdentityTwiceIsAConflict() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        long before = count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", patient));

        var again = postJson("/api/identities", token(patient, Role.PATIENT), keyed(patient, Role.PATIENT, null),
                "Prefer", "wait=5");

        assertProblem(again, 409);
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", patient))).isEqualTo(before);
    }

    @Test
    void registeringAgainWhileTheFirstRegistrationIsPendingIsAConflict() throws Exception {
        String auditor = uniqueId("auditor");
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.IDENTITY_REGISTERED && auditor.equals(tx.actorId()));
        var first = postJson("/api/identities", token(auditor, Role.AUDITOR), keyed(auditor, Role.AUDITOR, null));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

        var again = postJson("/api/identities", token(auditor, Role.AUDITOR), keyed(auditor, Role.AUDITOR, null));

        assertThat(assertProblem(again, 409).get("detail").asString())
                .isEqualTo("the registration of " + auditor + " is already submitted and waiting for its outcome");
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", auditor))).isEqualTo(1);
    }

    @Test
    void patientCannotRegisterSomeoneElseOrAnotherRole() throws Exception {
        String patient = uniqueId("patient");
        String other = uniqueId("other");

        assertProblem(postJson("/api/identities", token(patient, Role.PATIENT), "{\"actorId\":\"" + other + "\"}"), 403);
        assertProblem(postJson("/api/identities", token(patient, Role.PATIENT), "{\"role\":\"CLINICIAN\"}"), 403);
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id IN (:a, :b)", Map.of("a", patient, "b", other)))
                .isZero();
    }

    @Test
    void administratorRegistersAClinicianButNotAPatient() throws Exception {
        String admin = uniqueId("admin");
        String clinician = uniqueId("clinician");

        var registered = postJson("/api/identities", token(admin, Role.ADMIN),
                keyed(clinician, Role.CLINICIAN, "\"actorId\":\"" + clinician + "\",\"role\":\"CLINICIAN\""), "Prefer",
                "wait=10");
        var patient = postJson("/api/identities", token(admin, Role.ADMIN),
                "{\"actorId\":\"" + uniqueId("patient") + "\",\"role\":\"PATIENT\"}");

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(jsonOf(registered).get("actorId").asString()).isEqualTo(clinician);
        assertThat(jdbc.sql("SELECT role FROM identities WHERE actor_id = :a").param("a", clinician).query(String.class).single())
                .isEqualTo("CLINICIAN");
        assertProblem(patient, 403);
    }

    @Test
    void rejectedRegistrationAnswersWithTheReasonsStatus() throws Exception {
        String auditor = uniqueId("auditor");
        LEDGER.rejectWhen(tx -> auditor.equals(tx.actorId()), RejectionReason.IDENTITY_EXISTS, "known to the validator");

        var response = postJson("/api/identities", token(auditor, Role.AUDITOR), keyed(auditor, Role.AUDITOR, null),
                "Prefer", "wait=10");

        var problem = assertProblem(response, 409);
        assertThat(problem.get("reason").asString()).isEqualTo("IDENTITY_EXISTS");
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=10");
        String txId = problem.get("transactionId").asString();
        var status = jsonOf(send("GET", "/api/transactions/" + txId, token(auditor, Role.AUDITOR), null, null));
        assertThat(status.get("status").asString()).isEqualTo("REJECTED");
        assertThat(status.get("reason").asString()).isEqualTo("IDENTITY_EXISTS");
        assertThat(status.get("detail").asString()).isEqualTo("known to the validator");
        assertThat(count("SELECT count(*) FROM identities WHERE actor_id = :a", Map.of("a", auditor))).isZero();
    }

    @Test
    void malformedBodyAndInvalidKeyAreRefusedAndNothingIsSubmitted() throws Exception {
        String patient = uniqueId("patient");
        String token = token(patient, Role.PATIENT);

        assertProblem(postJson("/api/identities", token, "{\"publicKey\": "), 400);
        assertProblem(postJson("/api/identities", token, "{\"nickname\":\"x\"}"), 400);
        assertProblem(postJson("/api/identities", token, "{\"publicKey\":\"bm90IGEga2V5\"}"), 400);
        assertProblem(postJson("/api/identities", token, "{\"role\":\"KING\"}"), 400);
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", patient))).isZero();
    }

    @Test
    void noKeyOrAKeyWithoutItsHoldersProofIsRefusedAndNothingIsSubmitted() throws Exception {
        String patient = uniqueId("patient");
        String token = token(patient, Role.PATIENT);
        var key = Ed25519.SigningKey.generate();
        String publicKey = key.verifyingKey().toX509();
        String someoneElses = KeyPossession.prove(Ed25519.SigningKey.generate(), patient, "PATIENT");

        for (String body : new String[] {"{\"publicKey\":\"" + publicKey + "\"}",
                "{\"publicKey\":\"" + publicKey + "\",\"keyProof\":\"" + someoneElses + "\"}",
                "{\"publicKey\":\"" + publicKey + "\",\"keyProof\":\"" + KeyPossession.prove(key, "other", "PATIENT") + "\"}"}) {
            var response = postJson("/api/identities", token, body);

            assertProblem(response, 400);
            assertThat(jsonOf(response).get("field").asString()).as(body).isEqualTo("keyProof");
        }
        for (String body : new String[] {null, "{}", "{\"keyProof\":\"" + KeyPossession.prove(key, patient, "PATIENT") + "\"}"}) {
            var response = postJson("/api/identities", token, body);

            assertThat(assertProblem(response, 400).get("field").asString()).as("every identity registers a key: " + body)
                    .isEqualTo("publicKey");
        }
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", patient))).isZero();
    }
}
