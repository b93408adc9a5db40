package health.datasafe.ledger.proof;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code dsh.ledger.export}.
 *
 * @param maxBlocks the most blocks one {@code GET /api/ledger/export} may hold; a larger range is refused (400)
 */
@ConfigurationProperties("dsh.ledger.export")
public record ExportSettings(@DefaultValue("10000") int maxBlocks) {

    public ExportSettings {
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("dsh.ledger.export.max-blocks must be at least 1, got " + maxBlocks);
        }
    }
}
