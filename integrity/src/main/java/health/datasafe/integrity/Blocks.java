package health.datasafe.integrity;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;

/** How a block header is hashed and signed (docs/ledger-format.md, "Block"). */
public final class Blocks {

    /**
     * The previous hash of block 0 of every shard in a ledger without a genesis document (one node whose key its
     * readers pin by configuration); a ledger started from a {@link Genesis} links block 0 to {@link Genesis#hash()}.
     */
    public static final String GENESIS_PREVIOUS_HASH = "0".repeat(64);

    private Blocks() {
    }

    /** block hash = SHA-256(canonical JSON of the header), lowercase hex. */
    public static String hash(BlockHeader header) {
        return Sha256.hex(CanonicalJson.of(header));
    }

    /** A ledger node signs the 32 raw bytes of the block hash. */
    public static String sign(String blockHash, Ed25519.SigningKey key) {
        return key.signBase64(Hex.parseHash(blockHash));
    }

    /** Whether {@code key} signed the block hash; a signature seen before is checked once ({@link SignatureCache}). */
    public static boolean signatureValid(String blockHash, String signature, Ed25519.VerifyingKey key) {
        return SignatureCache.verifiesBase64(key, Hex.parseHash(blockHash), signature);
    }

    /**
     * Checks what an announced block says about itself, needing nothing else: every tx hash is recomputed from its
     * transaction, the leaf indexes run on from {@code logSize - txCount}, {@code txCount} is the number of
     * transactions (at least one), and the Merkle root and the block hash are recomputed. The block must be whole
     * (header, hashes and every entry present). Its link to the shard's previous block and its signature are checked
     * apart ({@link #verifySignature}), by whoever knows the previous block and the trusted keys.
     *
     * @throws LedgerInvalid the first inconsistency found
     */
    public static void verifyContents(BlockCommitted block) {
        BlockHeader header = block.header();
        int shard = header.shard();
        long height = header.height();
        int count = block.transactions().size();
        if (count == 0 || header.txCount() != count) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "txCount", count == 0 ? "at least 1"
                    : Integer.toString(count), Integer.toString(header.txCount()));
        }
        long firstLeaf = header.logSize() - count;
        if (firstLeaf < 0) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "logSize", "at least " + count,
                    Long.toString(header.logSize()));
        }
        byte[][] leaves = new byte[count][];
        for (int i = 0; i < count; i++) {
            CommittedTransaction committed = block.transactions().get(i);
            byte[] digest = Sha256.hash(Transactions.canonical(committed.transaction()));
            String recomputed = Hex.of(digest);
            if (!recomputed.equals(committed.txHash())) {
                throw new LedgerInvalid.TransactionHashMismatch(shard, height, i, committed.txHash(), recomputed);
            }
            if (committed.leafIndex() != firstLeaf + i) {
                throw new LedgerInvalid.HeaderInconsistent(shard, height, "leafIndex of transaction " + i,
                        Long.toString(firstLeaf + i), Long.toString(committed.leafIndex()));
            }
            leaves[i] = MerkleTree.leafHash(digest);
        }
        String root = Hex.of(MerkleTree.rootOfLeaves(leaves));
        if (!root.equals(header.merkleRoot())) {
            throw new LedgerInvalid.MerkleRootMismatch(shard, height, header.merkleRoot(), root);
        }
        String headerHash = hash(header);
        if (!headerHash.equals(block.blockHash())) {
            throw new LedgerInvalid.BlockHashMismatch(shard, height, block.blockHash(), headerHash);
        }
    }

    /**
     * Checks that the block's signature over its block hash verifies with the trusted key it names.
     *
     * @throws LedgerInvalid.SignatureInvalid when the signer is not trusted or the signature does not verify
     */
    public static void verifySignature(BlockCommitted block, TrustedKeys signers) {
        if (!Hex.isHash(block.blockHash())
                || !signers.verifies(block.signer(), Hex.parseHash(block.blockHash()), block.signature())) {
            throw new LedgerInvalid.SignatureInvalid(block.signer(), block.header().shard(), block.header().height());
        }
    }
}
