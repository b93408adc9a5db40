package health.datasafe.contracts;

import java.util.StringJoiner;

/**
 * Why an actor reads or writes a record: a subset of HL7 v3 PurposeOfUse. Metadata carries the name (as it always
 * has, so the log reads the same); requests may give either the name or the HL7 code, and FHIR exports use the code.
 */
public enum Purpose {
    TREATMENT("TREAT"),
    PAYMENT("HPAYMT"),
    OPERATIONS("HOPERAT"),
    RESEARCH("HRESCH"),
    EMERGENCY("ETREAT"),
    PATIENT_REQUEST("PATRQT"),
    PUBLIC_HEALTH("PUBHLTH");

    private final String code;

    Purpose(String code) {
        this.code = code;
    }

    /** The HL7 v3 PurposeOfUse code (system {@code http://terminology.hl7.org/CodeSystem/v3-ActReason}). */
    public String code() {
        return code;
    }

    /**
     * Comma-separated purposes, each by name or HL7 code, written by name as metadata carries them ("TREAT,ETREAT"
     * becomes "TREATMENT,EMERGENCY"), so a client normalises before it signs; {@link IllegalArgumentException} naming
     * the first that is neither.
     */
    public static String names(String purposes) {
        var names = new StringJoiner(",");
        for (String purpose : purposes.split(",", -1)) {
            names.add(of(purpose).name());
        }
        return names.toString();
    }

    /** The purpose named by its name or its HL7 code; {@link IllegalArgumentException} for anything else. */
    public static Purpose of(String nameOrCode) {
        for (Purpose purpose : values()) {
            if (purpose.name().equals(nameOrCode) || purpose.code.equals(nameOrCode)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("\"" + nameOrCode + "\" is no purpose's name nor HL7 code");
    }
}
