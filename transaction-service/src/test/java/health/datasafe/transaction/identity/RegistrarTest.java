package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.Transactions;
import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.web.InvalidField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of who may register whom, without Spring, a database or a broker. */
class RegistrarTest {

    private static final RegistrationRequest EMPTY = RegistrationRequest.NONE;

    /** A body naming {@code actorId} and {@code role} (or not), with the key of {@code holder} registering as {@code as}. */
    private static RegistrationRequest keyed(String holder, Role as, String actorId, Role role, String organization) {
        var key = Ed25519.SigningKey.generate();
        return new RegistrationRequest(actorId, role, key.verifyingKey().toX509(),
                KeyPossession.prove(key, holder, as.name()), organization);
    }

    private static Registration registered(String actorId, Role role, RegistrationRequest body) {
        return new Registration(actorId, role, body.publicKey(), body.keyProof(), body.organization());
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PATIENT", "CLINICIAN", "AUDITOR"})
    void patientsCliniciansAndAuditorsRegisterThemselvesWithTheTokensIdAndRole(Role role) {
        var body = keyed("ann", role, null, null, null);

        assertThat(Registrar.asked(new Caller("ann", role), body)).isEqualTo(registered("ann", role, body));
    }

    @Test
    void onlyAnAdministratorRegistersAClinicianForAnOrganization() {
        assertThat(Registrar.asked(new Caller("root", Role.ADMIN),
                keyed("dr-o", Role.CLINICIAN, "dr-o", Role.CLINICIAN, "st-marys")).draft().metadata())
                .containsEntry(Metadata.ORGANIZATION, "st-marys");
        assertInvalid(() -> Registrar.asked(new Caller("dr-o", Role.CLINICIAN),
                new RegistrationRequest(null, null, null, null, "st-marys")), "organization");
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN),
                new RegistrationRequest("aud", Role.AUDITOR, null, null, "st-marys")), "organization");
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN),
                new RegistrationRequest("dr-o", Role.CLINICIAN, null, null, "St Mary's")), "organization");
    }

    @Test
    void aSelfRegistrationMayRepeatTheTokensIdAndRole() {
        var body = keyed("ann", Role.CLINICIAN, "ann", Role.CLINICIAN, null);

        assertThat(Registrar.asked(new Caller("ann", Role.CLINICIAN), body))
                .isEqualTo(registered("ann", Role.CLINICIAN, body));
    }

    @Test
    void nobodyButAnAdministratorRegistersSomeoneElse() {
        assertRefused(() -> Registrar.asked(new Caller("ann", Role.PATIENT), new RegistrationRequest("bob", null, null, null, null)),
                "ann may not register bob as null: only an administrator registers someone else");
        assertRefused(() -> Registrar.asked(new Caller("dr-c", Role.CLINICIAN),
                        new RegistrationRequest("dr-d", Role.CLINICIAN, null, null, null)),
                "dr-c may not register dr-d as CLINICIAN: only an administrator registers someone else");
    }

    @Test
    void theRoleComesFromTheToken() {
        assertRefused(() -> Registrar.asked(new Caller("ann", Role.PATIENT), new RegistrationRequest(null, Role.CLINICIAN, null, null, null)),
                "ann may not register ann as CLINICIAN: the role comes from the caller's token (PATIENT)");
        assertRefused(() -> Registrar.asked(new Caller("aud", Role.AUDITOR), new RegistrationRequest("aud", Role.ADMIN, null, null, null)),
                "aud may not register aud as ADMIN: the role comes from the caller's token (AUDITOR)");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"CLINICIAN", "AUDITOR"})
    void anAdministratorRegistersCliniciansAndAuditorsByName(Role role) {
        var body = keyed("dr-e", role, "dr-e", role, null);

        assertThat(Registrar.asked(new Caller("root", Role.ADMIN), body)).isEqualTo(registered("dr-e", role, body));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PATIENT", "ADMIN"})
    void anAdministratorRegistersNeitherPatientsNorAdministrators(Role role) {
        assertRefused(() -> Registrar.asked(new Caller("root", Role.ADMIN), new RegistrationRequest("x", role, null, null, null)),
                "root may not register x as " + role + ": administrators register clinicians and auditors only");
    }

    @Test
    void anAdministratorNamesBothTheActorAndTheRole() {
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN), EMPTY), "actorId");
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN), new RegistrationRequest("dr-e", null, null, null, null)), "role");
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN), new RegistrationRequest(null, Role.AUDITOR, null, null, null)),
                "actorId");
    }

    @Test
    void anActorIdMustHaveTheShapeOfAnId() {
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN), new RegistrationRequest("dr e", Role.CLINICIAN, null, null, null)),
                "actorId");
        assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN),
                new RegistrationRequest("-starts-with-a-dash", Role.CLINICIAN, null, null, null)), "actorId");
    }

    @Test
    void aPublicKeyIsParsedAndReEncodedAndAnythingElseIsInvalid() {
        var holder = Ed25519.SigningKey.generate();
        String key = holder.verifyingKey().toX509();
        String proof = KeyPossession.prove(holder, "ann", "PATIENT");

        assertThat(Registrar.asked(new Caller("ann", Role.PATIENT), new RegistrationRequest(null, null, key, proof, null)))
                .isEqualTo(new Registration("ann", Role.PATIENT, key, proof, null));
        assertInvalid(() -> Registrar.asked(new Caller("ann", Role.PATIENT),
                new RegistrationRequest(null, null, Base64.getEncoder().encodeToString("not a key".getBytes()), proof, null)),
                "publicKey");
        assertInvalid(() -> Registrar.asked(new Caller("ann", Role.PATIENT), new RegistrationRequest(null, null, "%%%", proof, null)),
                "publicKey");
    }

    @Test
    void aPublicKeyWithoutItsHoldersProofForThisIdentityAndRoleIsInvalid() {
        var holder = Ed25519.SigningKey.generate();
        String key = holder.verifyingKey().toX509();
        var patient = new Caller("ann", Role.PATIENT);

        assertInvalid(() -> Registrar.asked(patient, new RegistrationRequest(null, null, key, null, null)), "keyProof");
        assertInvalid(() -> Registrar.asked(patient, new RegistrationRequest(null, null, key,
                KeyPossession.prove(Ed25519.SigningKey.generate(), "ann", "PATIENT"), null)), "keyProof");
        assertInvalid(() -> Registrar.asked(patient, new RegistrationRequest(null, null, key,
                KeyPossession.prove(holder, "bob", "PATIENT"), null)), "keyProof");
        assertInvalid(() -> Registrar.asked(patient, new RegistrationRequest(null, null, key,
                KeyPossession.prove(holder, "ann", "CLINICIAN"), null)), "keyProof");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PATIENT", "CLINICIAN", "AUDITOR"})
    void everyIdentityRegistersAKey(Role role) {
        assertInvalid(() -> Registrar.asked(new Caller("ann", role), EMPTY), "publicKey");
        assertInvalid(() -> Registrar.asked(new Caller("ann", role), new RegistrationRequest(null, null, null,
                KeyPossession.prove(Ed25519.SigningKey.generate(), "ann", role.name()), null)), "publicKey");
        if (role != Role.PATIENT) {
            assertInvalid(() -> Registrar.asked(new Caller("root", Role.ADMIN),
                    new RegistrationRequest("ann", role, null, null, null)), "publicKey");
        }
    }

    @Test
    void anAdministratorRegistersAClinicianWithTheProofTheClinicianMade() {
        var clinicians = Ed25519.SigningKey.generate();
        String key = clinicians.verifyingKey().toX509();
        String proof = KeyPossession.prove(clinicians, "dr-k", "CLINICIAN");

        assertThat(Registrar.asked(new Caller("root", Role.ADMIN),
                new RegistrationRequest("dr-k", Role.CLINICIAN, key, proof, null)).keyProof()).isEqualTo(proof);
    }

    @Test
    void aPatientsRegistrationConcernsThePatientAndAnyoneElsesNoPatient() {
        var holder = Ed25519.SigningKey.generate();
        String key = holder.verifyingKey().toX509();
        String proof = KeyPossession.prove(holder, "ann", "PATIENT");

        var patient = new Registration("ann", Role.PATIENT, key, proof, null).draft();
        var clinicians = Ed25519.SigningKey.generate();
        String clinicianKey = clinicians.verifyingKey().toX509();
        String clinicianProof = KeyPossession.prove(clinicians, "dr-c", "CLINICIAN");
        var clinician = new Registration("dr-c", Role.CLINICIAN, clinicianKey, clinicianProof, null).draft();

        assertThat(patient.type()).isEqualTo(TransactionType.IDENTITY_REGISTERED);
        assertThat(patient.patientId()).isEqualTo("ann");
        assertThat(patient.actorId()).isEqualTo("ann");
        assertThat(patient.metadata())
                .isEqualTo(Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, key, Metadata.KEY_PROOF, proof));
        assertThat(patient.payloadHash()).isEqualTo(Transactions.metadataHash(patient.metadata()));
        assertThat(clinician.patientId()).isNull();
        assertThat(clinician.metadata()).isEqualTo(Map.of(Metadata.ROLE, "CLINICIAN", Metadata.PUBLIC_KEY, clinicianKey,
                Metadata.KEY_PROOF, clinicianProof));
    }

    private static void assertRefused(Runnable registration, String detail) {
        assertThatThrownBy(registration::run).isInstanceOfSatisfying(RegistrationNotPermitted.class, refused -> {
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody().getDetail()).isEqualTo(detail);
        });
    }

    private static void assertInvalid(Runnable registration, String field) {
        assertThatThrownBy(registration::run).isInstanceOfSatisfying(InvalidField.class, invalid -> {
            assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(((ErrorResponseException) invalid).getBody().getProperties()).containsEntry("field", field);
        });
    }
}
