package health.datasafe.ledger.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Settings under {@code dsh.trust}.
 *
 * @param initiators base64 X.509 Ed25519 public keys of the transaction initiators whose signatures are accepted,
 *                   matched by key id against {@code Transaction.initiator}; none means every record is dead-lettered
 */
@ConfigurationProperties("dsh.trust")
public record TrustSettings(@DefaultValue List<String> initiators) {

    public TrustSettings {
        initiators = initiators == null ? List.of()
                : initiators.stream().filter(key -> key != null && !key.isBlank()).map(String::trim).toList();
    }
}
