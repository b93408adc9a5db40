package health.datasafe.recovery.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings under {@code dsh.recovery.audit}: the audits that run by themselves.
 *
 * @param interval        how long after one scheduled audit ends the next starts
 * @param ledgerToken     the bearer token scheduled audits read the ledger API with (an AUDITOR token of the
 *                        recovery-service's own); without it, or a token file, scheduled audits do not run
 * @param ledgerTokenFile a file holding that token, read again before every audit so that it can be renewed in
 *                        place; wins over {@code ledger-token}
 */
@ConfigurationProperties("dsh.recovery.audit")
record AuditSettings(@DefaultValue("1m") Duration interval, String ledgerToken, Path ledgerTokenFile) {

    AuditSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dsh.recovery.audit.interval must be positive, got " + interval);
        }
        ledgerToken = ledgerToken == null || ledgerToken.isBlank() ? null : ledgerToken.trim();
    }
}
