package health.datasafe.contracts;

/**
 * Sensitivity labels a record may carry and a consent provision may name (HL7 v3 ActCode,
 * ActInformationSensitivityPolicy; FHIR R4 {@code Consent.provision.securityLabel}), so a patient can say "everything
 * except my mental-health records".
 */
public enum SecurityLabel {
    /** Substance abuse information. */
    ETH,
    /** Genetic disease information. */
    GDIS,
    /** HIV/AIDS information. */
    HIV,
    /** Military sexual trauma information. */
    MST,
    /** Psychiatry (mental health) information. */
    PSY,
    /** Sickle cell anemia information. */
    SCA,
    /** Sexual assault, abuse or domestic violence information. */
    SDV,
    /** Sexuality and reproductive health information. */
    SEX,
    /** Social services information. */
    SOC,
    /** Sexually transmitted disease information. */
    STD
}
