package health.datasafe.kit.trust;

import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Quorum;
import health.datasafe.integrity.TrustedKeys;

import java.util.List;
import java.util.Optional;

/**
 * Whose signatures this service accepts, by role, read once from {@link TrustSettings}.
 *
 * @param initiators keys of the transaction initiators
 * @param ledger     keys of the ledger nodes: those of {@code dsh.trust.ledger-keys} and the genesis nodes'
 * @param validators keys of the validators
 * @param genesis    the ledger's genesis document, or null for a ledger without one
 */
public record Trust(TrustedKeys initiators, TrustedKeys ledger, TrustedKeys validators, Genesis genesis) {

    /** Trust in a ledger without a genesis document. */
    public Trust(TrustedKeys initiators, TrustedKeys ledger, TrustedKeys validators) {
        this(initiators, ledger, validators, null);
    }

    public static Trust of(TrustSettings settings) {
        Genesis genesis = settings.genesis() == null ? null : GenesisSetting.read(settings.genesis(), "dsh.trust.genesis");
        TrustedKeys ledger = TrustedKeys.fromX509(settings.ledgerKeys())
                .and(genesis == null ? List.of() : genesis.keys().keys());
        return new Trust(TrustedKeys.fromX509(settings.initiators()), ledger,
                TrustedKeys.fromX509(settings.validators()), genesis);
    }

    /** The ledger's genesis document, if it has one. */
    public Optional<Genesis> ledgerGenesis() {
        return Optional.ofNullable(genesis);
    }

    /**
     * Whose block signatures make a block final: the genesis nodes and quorum, or any one ledger key without a
     * genesis.
     *
     * @throws IllegalStateException naming the settings, when no ledger key is trusted
     */
    public Quorum ledgerQuorum(String service) {
        return genesis != null ? Quorum.of(genesis) : Quorum.anyOf(requiredLedger(service));
    }

    /** What block 0 of every shard links to: the genesis hash, or 64 zeros for a ledger without a genesis. */
    public String genesisHash() {
        return genesis == null ? Blocks.GENESIS_PREVIOUS_HASH : genesis.hash();
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
                    .formatted(setting, service, role) + " base64 X.509 public key of every " + role + " it trusts"
                    + (setting.equals("dsh.trust.ledger-keys") ? ", or set dsh.trust.genesis" : ""));
        }
        return keys;
    }
}
