package health.datasafe.transaction.initiator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Settings under {@code dsh.trust}.
 *
 * @param ledgerKeys base64 X.509 Ed25519 public keys of the ledger nodes: a block's checkpoint must be signed by one
 *                   of them, else the block is dead-lettered; none means checkpoint signatures are not checked (the
 *                   receipts handed out are still checked against the block's own log data)
 */
@ConfigurationProperties("dsh.trust")
public record TrustSettings(@DefaultValue List<String> ledgerKeys) {

    public TrustSettings {
        ledgerKeys = ledgerKeys == null ? List.of()
                : ledgerKeys.stream().filter(key -> key != null && !key.isBlank()).map(String::trim).toList();
    }
}
