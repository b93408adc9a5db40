package health.datasafe.integrity;

/**
 * A verification of stored ledger data failed. Each subclass is a fact about one place in one shard's chain
 * and carries the values that explain it; {@link #getMessage()} names them all.
 */
public abstract sealed class LedgerInvalid extends RuntimeException
        permits LedgerInvalid.TransactionHashMismatch, LedgerInvalid.MerkleRootMismatch, LedgerInvalid.BlockHashMismatch,
        LedgerInvalid.ChainBroken, LedgerInvalid.SignatureInvalid, LedgerInvalid.HeaderInconsistent,
        LedgerInvalid.LogRootMismatch {

    private final int shard;
    private final long height;

    LedgerInvalid(int shard, long height, String message) {
        super(message);
        this.shard = shard;
        this.height = height;
    }

    public int shard() {
        return shard;
    }

    public long height() {
        return height;
    }

    /** The hash the ledger committed to, where the failure is about a hash; null otherwise. */
    public abstract String expected();

    /** The hash recomputed from the stored data, where the failure is about a hash; null otherwise. */
    public abstract String actual();

    /** A stored transaction no longer hashes to the tx hash committed for it. */
    public static final class TransactionHashMismatch extends LedgerInvalid {
        private final int index;
        private final String expected;
        private final String actual;

        public TransactionHashMismatch(int shard, long height, int index, String expected, String actual) {
            super(shard, height, "transaction %d of block %d (shard %d) hashes to %s, but the ledger committed %s"
                    .formatted(index, height, shard, actual, expected));
            this.index = index;
            this.expected = expected;
            this.actual = actual;
        }

        public int index() {
            return index;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public String actual() {
            return actual;
        }
    }

    /** The Merkle root of a block's tx hashes differs from the root in its header. */
    public static final class MerkleRootMismatch extends LedgerInvalid {
        private final String expected;
        private final String actual;

        public MerkleRootMismatch(int shard, long height, String expected, String actual) {
            super(shard, height, "block %d (shard %d) has Merkle root %s in its header, but its transactions give %s"
                    .formatted(height, shard, expected, actual));
            this.expected = expected;
            this.actual = actual;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public String actual() {
            return actual;
        }
    }

    /** A stored block hash differs from the hash of its header. */
    public static final class BlockHashMismatch extends LedgerInvalid {
        private final String expected;
        private final String actual;

        public BlockHashMismatch(int shard, long height, String expected, String actual) {
            super(shard, height, "block %d (shard %d) is stored with hash %s, but its header hashes to %s"
                    .formatted(height, shard, expected, actual));
            this.expected = expected;
            this.actual = actual;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public String actual() {
            return actual;
        }
    }

    /** A block does not link to the hash of the block before it, or a height is missing. */
    public static final class ChainBroken extends LedgerInvalid {
        private final String expected;
        private final String actual;

        public ChainBroken(int shard, long height, String expected, String actual) {
            super(shard, height, "block %d (shard %d) links to previous hash %s, but the block before it hashes to %s"
                    .formatted(height, shard, actual, expected));
            this.expected = expected;
            this.actual = actual;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public String actual() {
            return actual;
        }
    }

    /** A block's signature does not verify with its signer's key, or the signer is unknown. */
    public static final class SignatureInvalid extends LedgerInvalid {
        private final String signer;

        public SignatureInvalid(String signer, int shard, long height) {
            super(shard, height, "signature of %s on block %d (shard %d) does not verify".formatted(signer, height, shard));
            this.signer = signer;
        }

        public String signer() {
            return signer;
        }

        @Override
        public String expected() {
            return null;
        }

        @Override
        public String actual() {
            return null;
        }
    }

    /** A header field disagrees with the block's content or with the chain: height, tx count or log size. */
    public static final class HeaderInconsistent extends LedgerInvalid {
        private final String field;
        private final String expectedValue;
        private final String actualValue;

        public HeaderInconsistent(int shard, long height, String field, String expected, String actual) {
            super(shard, height, "block %d (shard %d) has %s %s, expected %s".formatted(height, shard, field, actual, expected));
            this.field = field;
            this.expectedValue = expected;
            this.actualValue = actual;
        }

        public String field() {
            return field;
        }

        @Override
        public String expected() {
            return expectedValue;
        }

        @Override
        public String actual() {
            return actualValue;
        }
    }

    /**
     * A signed checkpoint states a shard's log differently from what its blocks up to {@code height} recompute: another
     * root, or another size.
     */
    public static final class LogRootMismatch extends LedgerInvalid {
        private final String expected;
        private final String actual;
        private final long statedSize;
        private final long actualSize;

        public LogRootMismatch(int shard, long height, String expected, String actual, long statedSize, long actualSize) {
            super(shard, height, "the checkpoint states shard %d's log as size %d with root %s, but its blocks up to %d give size %d with root %s"
                    .formatted(shard, statedSize, expected, height, actualSize, actual));
            this.expected = expected;
            this.actual = actual;
            this.statedSize = statedSize;
            this.actualSize = actualSize;
        }

        public long statedSize() {
            return statedSize;
        }

        public long actualSize() {
            return actualSize;
        }

        @Override
        public String expected() {
            return expected;
        }

        @Override
        public String actual() {
            return actual;
        }
    }
}
