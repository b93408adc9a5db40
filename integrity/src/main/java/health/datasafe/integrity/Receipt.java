package health.datasafe.integrity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.Base64;
import java.util.List;

/**
 * Proof that a transaction is in the ledger: where it was committed, and an RFC 9162 inclusion proof of its tx hash
 * in its shard's log at the size a signed checkpoint states. Anyone holding the ledger's public key can check it
 * offline ({@link #verify}, {@code dsh-verify receipt}). It travels as JSON, or in an HTTP header as the unpadded
 * base64url of that JSON ({@link #toHeader()}).
 *
 * @param txId           the transaction's id
 * @param txHash         hex SHA-256 of its canonical JSON
 * @param shard          its shard
 * @param blockHeight    the height of the block it was committed in
 * @param blockHash      that block's hash
 * @param leafIndex      its position in the shard's log
 * @param treeSize       the size of the shard's log the proof is for: the checkpoint's size for the shard
 * @param inclusionProof hex hashes, leaf to root
 * @param checkpoint     the signed checkpoint (C2SP signed note) the proof leads to
 */
public record Receipt(String txId, String txHash, int shard, long blockHeight, String blockHash, long leafIndex,
                      long treeSize, List<String> inclusionProof, String checkpoint) {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads a receipt's JSON, refusing anything not exactly this shape. */
    public static Receipt parse(byte[] json) {
        Receipt receipt;
        try {
            receipt = STRICT.readValue(json, Receipt.class);
        } catch (JacksonException e) {
            throw new ReceiptMalformed("not a receipt: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new ReceiptMalformed("not a receipt: " + e.getMessage());
        }
        if (receipt == null || receipt.txId() == null || receipt.txHash() == null || receipt.blockHash() == null
                || receipt.inclusionProof() == null || receipt.checkpoint() == null) {
            throw new ReceiptMalformed("txId, txHash, blockHash, inclusionProof and checkpoint must all be present");
        }
        if (!Hex.isHash(receipt.txHash()) || !Hex.isHash(receipt.blockHash())
                || !receipt.inclusionProof().stream().allMatch(Hex::isHash)) {
            throw new ReceiptMalformed("txHash, blockHash and every proof hash are 64 lowercase hex digits");
        }
        if (receipt.shard() < 0 || receipt.leafIndex() < 0 || receipt.treeSize() <= receipt.leafIndex()
                || receipt.blockHeight() < 0) {
            throw new ReceiptMalformed("shard, blockHeight, leafIndex or treeSize is out of range");
        }
        return receipt;
    }

    /** Reads a receipt from the value of an HTTP header ({@link #toHeader()}). */
    public static Receipt fromHeader(String value) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ReceiptMalformed("the header value is not base64url");
        }
        return parse(json);
    }

    public byte[] toJson() {
        return STRICT.writeValueAsBytes(this);
    }

    /** Unpadded base64url of the JSON, for an HTTP header. */
    public String toHeader() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toJson());
    }

    /**
     * Checks the checkpoint's signature by one of the trusted keys, that it states this shard's log at
     * {@link #treeSize()}, and that the proof leads from the tx hash's leaf to the root it states.
     *
     * @return the verified checkpoint
     * @throws CheckpointInvalid            the checkpoint is malformed or not signed by a trusted key
     * @throws ProofInvalid.InclusionProofInvalid the proof does not lead to the checkpoint's root or size
     */
    public Checkpoint verify(List<Ed25519.VerifyingKey> trusted) {
        return verifyProof(BundleVerifier.verifiedCheckpoint(checkpoint, trusted));
    }

    /**
     * As {@link #verify(List)}, and at least {@code minSigners} of the trusted keys signed the checkpoint (a quorum of
     * ledger nodes: the block holding the transaction is final).
     *
     * @throws CheckpointInvalid.TooFewSigners when fewer did
     */
    public Checkpoint.Cosigned verify(List<Ed25519.VerifyingKey> trusted, int minSigners) {
        Checkpoint.Cosigned cosigned = Checkpoint.verifyQuorum(checkpoint, trusted, minSigners);
        verifyProof(cosigned.checkpoint());
        return cosigned;
    }

    private Checkpoint verifyProof(Checkpoint verified) {
        if (shard >= verified.shards().size()) {
            throw new ProofInvalid.InclusionProofInvalid(leafIndex, treeSize,
                    "the checkpoint has no shard " + shard);
        }
        Checkpoint.ShardLog log = verified.shard(shard);
        if (log.size() != treeSize) {
            throw new ProofInvalid.InclusionProofInvalid(leafIndex, treeSize,
                    "the checkpoint states shard %d at size %d".formatted(shard, log.size()));
        }
        MerkleProofs.verifyInclusion(MerkleTree.leafHash(Hex.parseHash(txHash)), leafIndex, treeSize,
                inclusionProof.stream().map(Hex::parseHash).toList(), Hex.parseHash(log.root()));
        return verified;
    }

    /** The receipt could not be read: not JSON, not this shape, or a field out of range. */
    public static final class ReceiptMalformed extends RuntimeException {
        public ReceiptMalformed(String why) {
            super("malformed receipt: " + why);
        }
    }
}
