package health.datasafe.validator.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code dsh.emergency}: the hospital's break-glass policy (docs/consent-rules.md, "Emergency access").
 * Every validator must run with the same policy, as with the same rules; a change applies to what is judged after it.
 *
 * @param window      the longest a break-glass window may stay open (60 minutes by default); a clinician asks for
 *                    less or as much, and signs when it ends
 * @param patientDeny whether a patient's explicit deny of emergency reads stops a break-glass ({@code HONOURED}, the
 *                    default) or yields to it ({@code OVERRIDDEN}, where law obliges the hospital to treat)
 */
@ConfigurationProperties("dsh.emergency")
public record EmergencyPolicy(@DefaultValue("60m") Duration window,
                              @DefaultValue("HONOURED") PatientDeny patientDeny) {

    /** What a patient's consent that denies emergency reads does to a break-glass. */
    public enum PatientDeny {
        /** It stops the break-glass, and every read under one opened before it. */
        HONOURED,
        /** Reads under a break-glass are decided by the break-glass alone. */
        OVERRIDDEN
    }

    /** The default policy: a window of at most 60 minutes, the patient's deny honoured. */
    public static final EmergencyPolicy DEFAULT = new EmergencyPolicy(Duration.ofMinutes(60), PatientDeny.HONOURED);

    public EmergencyPolicy {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("dsh.emergency.window must be a positive duration, got " + window);
        }
        if (patientDeny == null) {
            throw new IllegalArgumentException("dsh.emergency.patient-deny must be HONOURED or OVERRIDDEN");
        }
    }
}
