package health.datasafe.contracts;

/**
 * On {@link Topics#LEDGER_SIGNATURES}: one ledger node signed the hash of a block it committed, and the checkpoint of
 * that block's epoch. Every node publishes one per block it commits; a block is final once a quorum of the genesis
 * nodes signed the same hash (docs/ledger-format.md, section 4d). Keyed by shard.
 *
 * @param shard      the block's shard
 * @param height     its height
 * @param blockHash  hex SHA-256 of its canonical header, as this node computed it
 * @param header     that header, so that a node whose own block differs can name the fields that differ
 * @param node       the node's name in the genesis ({@code dsh.ledger.node})
 * @param signer     key id of the node's key
 * @param signature  base64 Ed25519 signature over the 32 bytes of the block hash
 * @param checkpoint the node's signed note of the checkpoint at the end of the block's epoch (C2SP signed note), whose
 *                   size for this shard is the block's log size; null from a node that makes none
 */
public record BlockSigned(int shard, long height, String blockHash, BlockHeader header, String node, String signer,
                          String signature, String checkpoint) {

    /** This node's signature of a block it announced. */
    public static BlockSigned of(BlockCommitted block, String node) {
        return new BlockSigned(block.header().shard(), block.header().height(), block.blockHash(), block.header(), node,
                block.signer(), block.signature(), block.checkpoint());
    }
}
