package health.datasafe.transaction.identity;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.web.Identifier;
import health.datasafe.transaction.web.InvalidField;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Who may register whom. Patients, clinicians and auditors register themselves: the actor id and the role are the
 * token's, and a body may only repeat them. An administrator registers a clinician or an auditor, naming both; nobody
 * registers a patient or an administrator for someone else. Every identity registers its Ed25519 public key, with the
 * proof that its holder holds it: its signature of the registration ({@link KeyPossession}); an administrator passes
 * on the clinician's or auditor's ({@code dsh key proof} prints both). An actor
 * is registered once: not again while registered, nor while a registration is on its way to the ledger. Only an
 * administrator registers a clinician for an organization.
 */
@Component
class Registrar {

    static final Set<Role> SELF_REGISTERING = Set.of(Role.PATIENT, Role.CLINICIAN, Role.AUDITOR);
    static final Set<Role> ADMIN_REGISTERED = Set.of(Role.CLINICIAN, Role.AUDITOR);

    private final Identities identities;
    private final Submissions submissions;

    Registrar(Identities identities, Submissions submissions) {
        this.identities = identities;
        this.submissions = submissions;
    }

    /**
     * The registration the caller asks for, once the rules allow it and the actor is neither registered nor pending.
     *
     * @throws RegistrationNotPermitted  the caller may not register this actor with this role
     * @throws InvalidField              an administrator named no actor or role, an id is malformed, a key is no key
     * @throws IdentityAlreadyRegistered the actor is registered, or their registration is still pending
     */
    Registration admit(Caller caller, RegistrationRequest body) {
        Registration registration = asked(caller, body);
        String actorId = registration.actorId();
        if (identities.registered(actorId)) {
            throw new IdentityAlreadyRegistered(actorId, false);
        }
        if (submissions.pending(TransactionType.IDENTITY_REGISTERED, actorId)) {
            throw new IdentityAlreadyRegistered(actorId, true);
        }
        return registration;
    }

    /** The registration the caller asks for, by the rules alone: nothing is looked up. */
    static Registration asked(Caller caller, RegistrationRequest body) {
        String actorId;
        Role role;
        if (caller.is(Role.ADMIN)) {
            if (body.actorId() == null || body.role() == null) {
                throw new InvalidField(body.actorId() == null ? "actorId" : "role",
                        "an administrator names the actor and the role to register");
            }
            if (!ADMIN_REGISTERED.contains(body.role())) {
                throw new RegistrationNotPermitted(caller.actorId(), body.actorId(), body.role().name(),
                        "administrators register clinicians and auditors only");
            }
            actorId = body.actorId();
            role = body.role();
        } else if (caller.role() != null && SELF_REGISTERING.contains(caller.role())) {
            if (body.actorId() != null && !body.actorId().equals(caller.actorId())) {
                throw new RegistrationNotPermitted(caller.actorId(), body.actorId(), String.valueOf(body.role()),
                        "only an administrator registers someone else");
            }
            if (body.role() != null && body.role() != caller.role()) {
                throw new RegistrationNotPermitted(caller.actorId(), caller.actorId(), body.role().name(),
                        "the role comes from the caller's token (" + caller.role() + ")");
            }
            actorId = caller.actorId();
            role = caller.role();
        } else {
            throw new RegistrationNotPermitted(caller.actorId(), String.valueOf(body.actorId()),
                    String.valueOf(body.role()), "the token carries no role that may register");
        }
        Identifier.checked("actorId", actorId);
        String organization = body.organization();
        if (organization != null) {
            if (!caller.is(Role.ADMIN) || role != Role.CLINICIAN) {
                throw new InvalidField("organization", "only an administrator registers a clinician for an"
                        + " organization: consents may name it, so nobody claims one for himself");
            }
            Identifier.checked("organization", organization);
        }
        String publicKey = publicKeyOf(body.publicKey());
        if (publicKey == null) {
            throw new InvalidField("publicKey", "is required: every identity registers the Ed25519 key it signs with"
                    + " (dsh key new, then dsh register), with keyProof (docs/ledger-format.md section 4e)");
        }
        if (body.keyProof() == null) {
            throw new InvalidField("keyProof", "a publicKey is registered only with keyProof, the key's signature of"
                    + " the registration statement (docs/ledger-format.md section 4e)");
        }
        if (!KeyPossession.proven(actorId, role.name(), publicKey, body.keyProof())) {
            throw new InvalidField("keyProof", "is not the signature by publicKey of the statement registering "
                    + actorId + " as " + role + " (docs/ledger-format.md section 4e)");
        }
        return new Registration(actorId, role, publicKey, body.keyProof(), organization);
    }

    private static String publicKeyOf(String given) {
        if (given == null) {
            return null;
        }
        try {
            return Ed25519.VerifyingKey.fromX509(given).toX509();
        } catch (IllegalArgumentException e) {
            throw new InvalidField("publicKey", "must be a base64 X.509 (SubjectPublicKeyInfo) Ed25519 public key");
        }
    }
}
