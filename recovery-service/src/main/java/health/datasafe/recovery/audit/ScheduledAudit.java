package health.datasafe.recovery.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Audits the ledger every {@code dsh.recovery.audit.interval} (after the previous audit ends, first one interval after
 * start), reading it with the service's own token ({@code dsh.recovery.audit.ledger-token} or
 * {@code ledger-token-file}). Without a token it logs that once and audits only on demand. An audit that cannot read
 * the ledger is logged and tried again at the next interval. While audits are paused ({@link AuditWriting}) it skips
 * its turns.
 */
@Component
class ScheduledAudit implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ScheduledAudit.class);

    private final Audits audits;
    private final AuditSettings settings;
    private final AuditWriting writing;
    private boolean warnedWithoutToken;

    ScheduledAudit(Audits audits, AuditSettings settings, AuditWriting writing) {
        this.audits = audits;
        this.settings = settings;
        this.writing = writing;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, settings.interval(), settings.interval()));
    }

    void run() {
        if (writing.paused()) {
            return;
        }
        Optional<String> token = token();
        if (token.isEmpty()) {
            if (!warnedWithoutToken) {
                log.warn("No dsh.recovery.audit.ledger-token or ledger-token-file: the ledger is audited on demand only");
                warnedWithoutToken = true;
            }
            return;
        }
        try {
            AuditResult result = audits.run(token.get());
            if (!result.consistent()) {
                log.warn("Scheduled audit: {} finding(s), the first {} in shard {} at height {}", result.findings(),
                        result.kind(), result.shard(), result.height());
            }
        } catch (AuditsPaused paused) {
            log.debug("Scheduled audit skipped: audits are paused");
        } catch (RuntimeException e) {
            log.warn("Scheduled audit failed, tried again in {}: {}", settings.interval(), e.getMessage());
        }
    }

    private Optional<String> token() {
        if (settings.ledgerTokenFile() != null) {
            try {
                String token = Files.readString(settings.ledgerTokenFile()).trim();
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            } catch (IOException e) {
                log.warn("dsh.recovery.audit.ledger-token-file {} is unreadable: {}", settings.ledgerTokenFile(), e.toString());
                return Optional.empty();
            }
        }
        return Optional.ofNullable(settings.ledgerToken());
    }
}
