package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt state would put consents back in force that the live state holds revoked: a revocation the replay did
 * not reach. Its message says how many, and names the first few consent ids with the live revoking transaction.
 */
class RevocationsLost extends RebuildRefused {

    RevocationsLost(long count, List<String> first) {
        super("the rebuilt state would put " + count + " revoked consent(s) back in force, first "
                + String.join("; ", first));
    }
}
