package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-verifies stored blocks from genesis, one at a time and shard by shard: every tx hash is recomputed from
 * the stored bytes, then the Merkle root, the header hash, the link to the previous block and the signature.
 * Blocks of one shard must arrive in height order starting at 0. The first failure is thrown as a
 * {@link LedgerInvalid}.
 */
public final class ChainVerifier {

    private final Function<String, Ed25519.VerifyingKey> signers;
    private final Map<Integer, Tip> tips = new HashMap<>();
    private long blocksVerified;
    private long transactionsVerified;

    /** @param signers the public key of a signer by key id, or null if the signer is unknown */
    public ChainVerifier(Function<String, Ed25519.VerifyingKey> signers) {
        this.signers = signers;
    }

    private record Tip(long height, String hash, long logSize) {
    }

    public void verify(StoredBlock block) throws LedgerInvalid {
        BlockHeader header = block.header();
        int shard = header.shard();
        long height = header.height();
        Tip tip = tips.get(shard);
        long expectedHeight = tip == null ? 0 : tip.height() + 1;
        if (height != expectedHeight) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "height", Long.toString(expectedHeight), Long.toString(height));
        }
        var txHashes = new java.util.ArrayList<byte[]>(block.transactions().size());
        for (int i = 0; i < block.transactions().size(); i++) {
            var tx = block.transactions().get(i);
            byte[] digest = Sha256.hash(tx.canonicalJson());
            String recomputed = Hex.of(digest);
            if (!recomputed.equals(tx.txHash())) {
                throw new LedgerInvalid.TransactionHashMismatch(shard, height, i, tx.txHash(), recomputed);
            }
            txHashes.add(digest);
        }
        if (header.txCount() != txHashes.size()) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "txCount", Integer.toString(txHashes.size()),
                    Integer.toString(header.txCount()));
        }
        long expectedLogSize = (tip == null ? 0 : tip.logSize()) + txHashes.size();
        if (header.logSize() != expectedLogSize) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "logSize", Long.toString(expectedLogSize),
                    Long.toString(header.logSize()));
        }
        String root = Hex.of(MerkleTree.root(txHashes));
        if (!root.equals(header.merkleRoot())) {
            throw new LedgerInvalid.MerkleRootMismatch(shard, height, header.merkleRoot(), root);
        }
        String headerHash = Blocks.hash(header);
        if (!headerHash.equals(block.blockHash())) {
            throw new LedgerInvalid.BlockHashMismatch(shard, height, block.blockHash(), headerHash);
        }
        String previous = tip == null ? Blocks.GENESIS_PREVIOUS_HASH : tip.hash();
        if (!previous.equals(header.previousHash())) {
            throw new LedgerInvalid.ChainBroken(shard, height, previous, header.previousHash());
        }
        Ed25519.VerifyingKey key = signers.apply(block.signer());
        if (key == null || !Blocks.signatureValid(headerHash, block.signature(), key)) {
            throw new LedgerInvalid.SignatureInvalid(block.signer(), shard, height);
        }
        tips.put(shard, new Tip(height, headerHash, header.logSize()));
        blocksVerified++;
        transactionsVerified += txHashes.size();
    }

    public long blocksVerified() {
        return blocksVerified;
    }

    public long transactionsVerified() {
        return transactionsVerified;
    }
}
