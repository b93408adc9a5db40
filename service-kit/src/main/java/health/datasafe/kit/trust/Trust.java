package health.datasafe.kit.trust;

import health.datasafe.integrity.TrustedKeys;

/**
 * Whose signatures this service accepts, by role, read once from {@link TrustSettings}.
 *
 * @param initiators keys of the transaction initiators
 * @param ledger     keys of the ledger nodes
 * @param validators keys of the validators
 */
public record Trust(TrustedKeys initiators, TrustedKeys ledger, TrustedKeys validators) {

    public static Trust of(TrustSettings settings) {
        return new Trust(TrustedKeys.fromX509(settings.initiators()), TrustedKeys.fromX509(settings.ledgerKeys()),
                TrustedKeys.fromX509(settings.validators()));
    }

    /**
     * The ledger keys, which a service that acts on blocks cannot do without.
     *
     * @throws IllegalStateException naming the setting, when none is trusted
     */
    public TrustedKeys requiredLedger(String service) {
        return required(ledger, "dsh.trust.ledger-keys", service, "ledger node");
    }

    /**
     * The validator keys, which a service that acts on decisions cannot do without.
     *
     * @throws IllegalStateException naming the setting, when none is trusted
     */
    public TrustedKeys requiredValidators(String service) {
        return required(validators, "dsh.trust.validators", service, "validator");
    }

    private static TrustedKeys required(TrustedKeys keys, String setting, String service, String role) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("%s is empty: the %s would refuse everything a %s signs; set it to the"
                    .formatted(setting, service, role) + " base64 X.509 public key of every " + role + " it trusts");
        }
        return keys;
    }
}
