package health.datasafe.validator.rules;

/**
 * The consent rules' answer to a {@link Request}: permitted or not, why, and the consent that decided it.
 *
 * @param consentId the consent that permitted or denied; for a request nothing permitted, the consent that came closest
 *                  (null when none is about the actor)
 * @param detail    one sentence naming the consent and the criterion that decided
 */
public record Permission(boolean permitted, Basis basis, String consentId, String detail) {

    /** Why: the first two permit, the rest refuse. */
    public enum Basis {
        /** A permitting consent's provision matches. */
        PERMITTED,
        /** An exception of a denying consent matches and permits. */
        PERMITTED_BY_EXCEPTION,
        /** A denying consent matches: it overrides every permit. */
        DENIED_BY_CONSENT,
        /** The permitting consent's exception matches and denies. */
        DENIED_BY_EXCEPTION,
        /** No consent of the patient's is about this actor. */
        NO_CONSENT,
        /** The consent about this actor was revoked. */
        REVOKED,
        /** The consent about this actor does not apply yet. */
        NOT_YET_VALID,
        /** The consent about this actor has ended. */
        EXPIRED,
        /** The consent about this actor does not grant this action. */
        ACTION_NOT_GRANTED,
        /** The consent about this actor does not grant this purpose. */
        PURPOSE_NOT_GRANTED,
        /** The consent about this actor does not cover this record (its type, labels or id). */
        RECORD_NOT_COVERED
    }
}
