package health.datasafe.kit.trust;

import health.datasafe.integrity.TrustedKeys;

/**
 * Whose signatures this service accepts, by role, read once from {@link TrustSettings}.
 *
 * @param initiators keys of the transaction initiators
 * @param ledger     keys of the ledger nodes
 */
public record Trust(TrustedKeys initiators, TrustedKeys ledger) {

    public static Trust of(TrustSettings settings) {
        return new Trust(TrustedKeys.fromX509(settings.initiators()), TrustedKeys.fromX509(settings.ledgerKeys()));
    }
}
