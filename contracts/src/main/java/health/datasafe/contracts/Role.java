package health.datasafe.contracts;

/** The roles an authenticated caller may hold; carried in the token's {@code role} claim. */
public enum Role {
    PATIENT, CLINICIAN, AUDITOR, ADMIN
}
