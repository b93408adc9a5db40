package health.datasafe.verifier;

/**
 * A consent transaction is not its actor's signed consent: it carries no {@code userSignature} (only the initiator
 * signed it), or one that does not verify with the key given.
 */
final class ConsentNotSigned extends RuntimeException {

    ConsentNotSigned(String consentId, String why) {
        super("consent " + consentId + ": " + why);
    }
}
