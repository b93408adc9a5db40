package health.datasafe.ledger.witness;

import health.datasafe.integrity.Ed25519;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings under {@code dsh.ledger}: the witnesses whose cosignatures of checkpoints this node keeps.
 *
 * @param witnesses each witness's name (the key name of its cosignature lines) and its base64 X.509 Ed25519 public
 *                  key; none = no cosignature is taken
 */
@ConfigurationProperties("dsh.ledger")
record WitnessSettings(@DefaultValue Map<String, String> witnesses) {

    WitnessSettings {
        witnesses = witnesses == null ? Map.of() : Map.copyOf(witnesses);
    }

    /** The witnesses' keys by name; an unreadable key stops the service at start. */
    Map<String, Ed25519.VerifyingKey> keys() {
        var keys = new LinkedHashMap<String, Ed25519.VerifyingKey>();
        witnesses.forEach((name, key) -> {
            try {
                keys.put(name, Ed25519.VerifyingKey.fromX509(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dsh.ledger.witnesses." + name + " is not a base64 X.509 Ed25519"
                        + " public key: " + e.getMessage(), e);
            }
        });
        return keys;
    }
}
