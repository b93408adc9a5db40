package health.datasafe.validator.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt state would lose decisions the live one holds: a transaction decided live has no decision in the rebuilt
 * state, or one on a transaction with another hash. Carries how many, and the first few by transaction id, each with
 * both hashes.
 */
class RebuiltDecisionsDiffer extends RebuildRefused {

    /** A live decision and what the rebuilt state holds for its id ({@code rebuiltHash} null: nothing). */
    record Lost(String txId, String liveHash, String rebuiltHash) {

        @Override
        public String toString() {
            return "transaction " + txId + ": live hash " + liveHash + ", rebuilt "
                    + (rebuiltHash == null ? "no decision" : "hash " + rebuiltHash);
        }
    }

    private final long count;
    private final List<Lost> first;

    RebuiltDecisionsDiffer(long count, List<Lost> first) {
        super("the rebuilt state would lose " + count + " decision(s) the live state holds, first "
                + String.join("; ", first.stream().map(Lost::toString).toList()));
        this.count = count;
        this.first = List.copyOf(first);
    }

    long count() {
        return count;
    }

    List<Lost> first() {
        return first;
    }
}
