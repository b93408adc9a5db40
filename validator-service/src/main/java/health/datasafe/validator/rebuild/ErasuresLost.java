package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt state would let records be read again that the live state holds erased: an erasure the replay did not
 * reach. Carries how many, and the first few record ids with the live erasing transaction.
 */
class ErasuresLost extends RebuildRefused {

    private final long count;
    private final List<String> first;

    ErasuresLost(long count, List<String> first) {
        super("the rebuilt state would make " + count + " erased record(s) readable again, first "
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
