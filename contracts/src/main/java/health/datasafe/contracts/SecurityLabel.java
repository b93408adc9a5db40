package health.datasafe.contracts;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

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
    STD;

    /**
     * The labels a comma-separated list names; {@link IllegalArgumentException} naming the first entry that is none.
     */
    public static Set<SecurityLabel> parse(String list) {
        return Arrays.stream(list.split(",", -1)).map(SecurityLabel::of).collect(Collectors.toSet());
    }

    private static SecurityLabel of(String entry) {
        for (SecurityLabel label : values()) {
            if (label.name().equals(entry)) {
                return label;
            }
        }
        throw new IllegalArgumentException("names \"" + entry + "\"");
    }

    /** The labels as a record's metadata writes them: their names, sorted, comma-separated. */
    public static String listOf(Set<SecurityLabel> labels) {
        return labels.stream().map(SecurityLabel::name).sorted().collect(Collectors.joining(","));
    }
}
