package health.datasafe.validator.rules;

import java.util.Locale;

/** What a provision lets its actors do (FHIR R4 {@code Consent.provision.action}, as this ledger needs it). */
public enum Action {
    /** Read a record. */
    READ,
    /** Add a record to the patient's chart. */
    WRITE,
    /** Grant and revoke consents on the patient's behalf: what a delegate holds. */
    MANAGE;

    /** The code written in metadata: the name in lower case. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action with this code; {@link IllegalArgumentException} for any other. */
    public static Action of(String code) {
        for (Action action : values()) {
            if (action.code().equals(code)) {
                return action;
            }
        }
        throw new IllegalArgumentException(code);
    }
}
