package health.datasafe.contracts;

/** What an auditor found when she reviewed a break-glass (EMERGENCY_REVIEWED): a code, never free text. */
public enum ReviewFinding {
    /** The emergency and the reads under it were justified. */
    JUSTIFIED,
    /** They were not: the hospital's follow-up (with the clinician, and the patient) starts from here. */
    UNJUSTIFIED
}
