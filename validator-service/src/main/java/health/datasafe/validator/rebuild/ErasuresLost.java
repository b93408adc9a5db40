package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt state would let records be read again that the live state holds erased: an erasure the replay did not
 * reach. Its message says how many, and names the first few record ids with the live erasing transaction.
 */
class ErasuresLost extends RebuildRefused {

    ErasuresLost(long count, List<String> first) {
        super("the rebuilt state would make " + count + " erased record(s) readable again, first "
                + String.join("; ", first));
    }
}
