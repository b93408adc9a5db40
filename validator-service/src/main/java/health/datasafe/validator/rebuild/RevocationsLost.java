package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt state would put consents back in force that the live state holds revoked: a revocation the replay did
 * not reach. Carries how many, and the first few consent ids with the live revoking transaction.
 */
class RevocationsLost extends RebuildRefused {

    private final long count;
    private final List<String> first;

    RevocationsLost(long count, List<String> first) {
        super("the rebuilt state would put " + count + " revoked consent(s) back in force, first "
                + String.join("; ", first));
        this.count = count;
        this.first = List.copyOf(first);
    }

    long count() {
        return count;
    }

    List<String> first() {
        return first;
    }
}
