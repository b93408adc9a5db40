package health.datasafe.integrity;

/**
 * A Merkle proof did not prove what it was offered for. Each subclass names the tree sizes involved and what did not
 * fit; {@link #getMessage()} says it in one sentence.
 */
public abstract sealed class ProofInvalid extends RuntimeException
        permits ProofInvalid.InclusionProofInvalid, ProofInvalid.ConsistencyProofInvalid {

    ProofInvalid(String message) {
        super(message);
    }

    /** An inclusion proof does not place the leaf at {@code index} of the tree of {@code size} leaves with that root. */
    public static final class InclusionProofInvalid extends ProofInvalid {
        private final long index;
        private final long size;

        public InclusionProofInvalid(long index, long size, String why) {
            super("inclusion proof of leaf %d in tree size %d is invalid: %s".formatted(index, size, why));
            this.index = index;
            this.size = size;
        }

        public long index() {
            return index;
        }

        public long size() {
            return size;
        }
    }

    /** A consistency proof does not show the tree of {@code oldSize} leaves is a prefix of that of {@code newSize}. */
    public static final class ConsistencyProofInvalid extends ProofInvalid {
        private final long oldSize;
        private final long newSize;

        public ConsistencyProofInvalid(long oldSize, long newSize, String why) {
            super("consistency proof from tree size %d to %d is invalid: %s".formatted(oldSize, newSize, why));
            this.oldSize = oldSize;
            this.newSize = newSize;
        }

        public long oldSize() {
            return oldSize;
        }

        public long newSize() {
            return newSize;
        }
    }
}
