package health.datasafe.kit.trust;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Settings under {@code dsh.trust}: one property per key role, the same name in every service. Keys are base64 X.509
 * Ed25519 public keys (the body of a PEM "PUBLIC KEY").
 *
 * @param initiators the transaction initiators whose signatures on transactions are accepted (validator, ledger)
 * @param ledgerKeys the ledger nodes whose signatures on blocks and checkpoints are accepted (every consumer of
 *                   blocks, and the ledger itself for keys it signed with before)
 * @param validators the validators whose signatures on decisions and epoch ends are accepted (the ledger, the
 *                   transaction-service, and the validator itself for keys it signed with before)
 * @param genesis    the ledger's genesis document (its JSON, or the path of a file holding it): its nodes' keys are
 *                   ledger keys too, and block 0 must link to its hash; absent for a ledger without one
 */
@ConfigurationProperties("dsh.trust")
public record TrustSettings(@DefaultValue List<String> initiators, @DefaultValue List<String> ledgerKeys,
                            @DefaultValue List<String> validators, String genesis) {

    public TrustSettings {
        genesis = genesis == null || genesis.isBlank() ? null : genesis;
        initiators = initiators == null ? List.of() : List.copyOf(initiators);
        ledgerKeys = ledgerKeys == null ? List.of() : List.copyOf(ledgerKeys);
        validators = validators == null ? List.of() : List.copyOf(validators);
    }
}
