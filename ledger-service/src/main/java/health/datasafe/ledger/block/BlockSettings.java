package health.datasafe.ledger.block;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code dsh.ledger.block}: when a shard's pending transactions become a block.
 *
 * @param maxTransactions a block is cut as soon as this many transactions are pending, and never holds more
 * @param maxWait         a block is cut when the oldest pending transaction has waited this long
 */
@ConfigurationProperties("dsh.ledger.block")
public record BlockSettings(@DefaultValue("500") int maxTransactions, @DefaultValue("100ms") Duration maxWait) {

    public BlockSettings {
        if (maxTransactions < 1) {
            throw new IllegalArgumentException("dsh.ledger.block.max-transactions must be at least 1, got " + maxTransactions);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("dsh.ledger.block.max-wait must not be negative, got " + maxWait);
        }
    }
}
