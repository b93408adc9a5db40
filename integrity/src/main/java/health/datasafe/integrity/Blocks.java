package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;

/** How a block header is hashed and signed (docs/ledger-format.md, "Block"). */
public final class Blocks {

    /** The previous hash of the first block of every shard. */
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

    public static boolean signatureValid(String blockHash, String signature, Ed25519.VerifyingKey key) {
        return key.verifyBase64(Hex.parseHash(blockHash), signature);
    }
}
