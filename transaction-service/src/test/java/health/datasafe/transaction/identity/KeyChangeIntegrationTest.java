package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key changes as this service submits them: a rotation carries exactly what its holder signed with the old key, a
 * recovery what an administrator files for a subject; whether the signatures hold, the validator decides.
 */
class KeyChangeIntegrationTest extends TransactionServiceTestBase {

    @Test
    void aRotationIsSubmittedWithExactlyWhatTheOldKeySignedUnderThePatientsId() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        var old = Ed25519.SigningKey.generate();
        var fresh = Ed25519.SigningKey.generate();
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.PUBLIC_KEY, fresh.verifyingKey().toX509());
        metadata.put(Metadata.KEY_PROOF, KeyPossession.prove(fresh, patient, "PATIENT"));
        metadata.put(Metadata.NOT_AFTER, Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.SECONDS).toString());
        String signature = UserSignatures.sign(old, TransactionType.KEY_ROTATED, patient, patient, metadata);
        var body = new HashMap<String, String>(metadata);
        body.put("signature", signature);

        var response = postJson("/api/identities/" + patient + "/keys", token(patient, Role.PATIENT),
                json.writeValueAsString(body), "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        assertThat(tx.type()).isEqualTo(TransactionType.KEY_ROTATED);
        assertThat(tx.patientId()).isEqualTo(patient);
        assertThat(tx.actorId()).isEqualTo(patient);
        var signed = new HashMap<>(metadata);
        signed.put(Metadata.USER_SIGNATURE, signature);
        assertThat(tx.metadata()).isEqualTo(signed);
        assertThat(UserSignatures.signedBy(tx, old.verifyingKey().toX509())).isTrue();
    }

    @Test
    void onlyTheHolderRotatesAndOnlyWithASignatureAndAKey() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String other = register(uniqueId("patient"), Role.PATIENT);
        var fresh = Ed25519.SigningKey.generate();
        String valid = """
                {"publicKey":"%s","keyProof":"p","notAfter":"2031-01-01T00:00:00Z","signature":"s"}"""
                .formatted(fresh.verifyingKey().toX509());

        assertProblem(postJson("/api/identities/" + patient + "/keys", token(other, Role.PATIENT), valid), 403);
        assertThat(assertProblem(postJson("/api/identities/" + patient + "/keys", token(patient, Role.PATIENT),
                "{\"publicKey\":\"%s\",\"keyProof\":\"p\"}".formatted(fresh.verifyingKey().toX509())), 400)
                .get("field").asString()).isEqualTo("notAfter");
        assertThat(assertProblem(postJson("/api/identities/" + patient + "/keys", token(patient, Role.PATIENT),
                valid.replace(fresh.verifyingKey().toX509(), "bm90IGEga2V5")), 400).get("field").asString())
                .isEqualTo("publicKey");
        assertProblem(postJson("/api/identities/" + patient + "/keys", token(patient, Role.PATIENT), null), 400);
        assertNothingSubmittedOf(TransactionType.KEY_ROTATED, patient);
    }

    @Test
    void anAdministratorRecoversAKeyUnderThePatientsIdAndNobodyElseMay() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        var fresh = Ed25519.SigningKey.generate();
        String proof = KeyPossession.prove(fresh, patient, "PATIENT");
        String body = """
                {"publicKey":"%s","keyProof":"%s","recovery":"LOST"}""".formatted(fresh.verifyingKey().toX509(), proof);

        assertProblem(postJson("/api/identities/" + patient + "/key-recovery", token(clinician, Role.CLINICIAN), body), 403);
        assertProblem(postJson("/api/identities/" + patient + "/key-recovery", token(patient, Role.PATIENT), body), 403);
        assertThat(assertProblem(postJson("/api/identities/" + patient + "/key-recovery", token("root", Role.ADMIN),
                body.replace("LOST", "FORGOT")), 400).get("field").asString()).isEqualTo("recovery");
        assertThat(assertProblem(postJson("/api/identities/nobody-" + patient + "/key-recovery",
                token("root", Role.ADMIN), body), 400).get("field").asString()).isEqualTo("actorId");
        assertNothingSubmittedOf(TransactionType.KEY_RECOVERED, patient);

        var response = postJson("/api/identities/" + patient + "/key-recovery", token("root", Role.ADMIN), body,
                "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        assertThat(tx.type()).isEqualTo(TransactionType.KEY_RECOVERED);
        assertThat(tx.patientId()).as("filed under her id, so her access log shows it").isEqualTo(patient);
        assertThat(tx.actorId()).isEqualTo("root");
        assertThat(tx.metadata()).isEqualTo(Map.of(Metadata.SUBJECT, patient, Metadata.PUBLIC_KEY,
                fresh.verifyingKey().toX509(), Metadata.KEY_PROOF, proof, Metadata.RECOVERY, "LOST"));

        var ofClinician = postJson("/api/identities/" + clinician + "/key-recovery", token("root", Role.ADMIN),
                body.replace(proof, KeyPossession.prove(fresh, clinician, "CLINICIAN")), "Prefer", "wait=10");
        assertThat(published(jsonOf(ofClinician).get("transactionId").asString()).patientId())
                .as("a clinician's key concerns no patient").isNull();
    }

    private static Transaction published(String id) {
        return LEDGER.submitted().stream().filter(tx -> tx.id().equals(id)).findFirst().orElseThrow();
    }

    private static void assertNothingSubmittedOf(TransactionType type, String actor) {
        assertThat(LEDGER.submitted()).noneMatch(tx -> tx.type() == type
                && (actor.equals(tx.actorId()) || actor.equals(tx.meta(Metadata.SUBJECT))));
    }
}
