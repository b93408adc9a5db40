package health.datasafe.contracts;

/** Why an actor reads a record (a subset of HL7 v3 PurposeOfUse). */
public enum Purpose {
    TREATMENT, PAYMENT, OPERATIONS, RESEARCH, EMERGENCY, PATIENT_REQUEST
}
