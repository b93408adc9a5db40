package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A self-contained export of a range of one shard's chain, for verification offline ({@link BundleVerifier},
 * {@code dsh-verify bundle}): the blocks with their signatures, every transaction's stored canonical JSON, the
 * frontier of the shard's log before the first block, and the checkpoint the ledger signed right after the last block.
 *
 * @param format      always {@link #FORMAT}
 * @param origin      the ledger's checkpoint origin
 * @param shard       the shard
 * @param fromHeight  the first block's height
 * @param toHeight    the last block's height
 * @param logFrontier hex hashes of the perfect subtrees covering the shard's log before the first block, largest
 *                    first (empty when {@code fromHeight} is 0)
 * @param blocks      the blocks, in height order
 * @param checkpoint  the signed checkpoint (C2SP signed note) made right after block {@code toHeight}
 * @param keys        the ledger's public keys, for convenience only: a verifier should pin its own
 */
public record Bundle(String format, String origin, int shard, long fromHeight, long toHeight, List<String> logFrontier,
                     List<Block> blocks, String checkpoint, List<Key> keys) {

    public static final String FORMAT = "datasafehealth-bundle/1";

    /** A block: its header, hash and signature, and its transactions in order. */
    public record Block(BlockHeader header, String blockHash, String signer, String signature,
                        List<Entry> transactions) {
    }

    /** A transaction as stored: its place in the shard's log, its committed hash, and its stored canonical JSON. */
    public record Entry(long leafIndex, String txHash, String canonical) {

        public byte[] canonicalBytes() {
            return canonical.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A public key: its key id and its base64 X.509 DER encoding. */
    public record Key(String keyId, String publicKey) {
    }

    private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads a bundle, refusing JSON that does not have exactly this shape with every field present. */
    public static Bundle parse(byte[] json) {
        Bundle bundle;
        try {
            bundle = STRICT.readValue(json, Bundle.class);
        } catch (JacksonException e) {
            throw new BundleMalformed("not a bundle: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new BundleMalformed("not a bundle: " + e.getMessage());
        }
        if (bundle == null) {
            throw new BundleMalformed("not a bundle: null");
        }
        bundle.checkShape();
        return bundle;
    }

    /** The bundle as JSON text (UTF-8), the form {@link #parse} reads. */
    public byte[] toJson() {
        return STRICT.writeValueAsBytes(this);
    }

    private void checkShape() {
        if (!FORMAT.equals(format)) {
            throw new BundleMalformed("format is " + format + ", this verifier reads " + FORMAT);
        }
        require(origin != null && logFrontier != null && blocks != null && checkpoint != null && keys != null,
                "origin, logFrontier, blocks, checkpoint and keys must all be present");
        require(!blocks.isEmpty(), "a bundle holds at least one block");
        require(shard >= 0 && fromHeight >= 0 && toHeight >= fromHeight, "shard, fromHeight and toHeight are out of range");
        require(toHeight - fromHeight + 1 == blocks.size(),
                "heights %d to %d need %d blocks, the bundle has %d".formatted(fromHeight, toHeight,
                        toHeight - fromHeight + 1, blocks.size()));
        for (String hash : logFrontier) {
            require(Hex.isHash(hash), "logFrontier holds a value that is not 64 lowercase hex digits");
        }
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            String where = "blocks[" + i + "]";
            require(block != null && block.header() != null && block.blockHash() != null && block.signer() != null
                    && block.signature() != null && block.transactions() != null, where + " misses a field");
            BlockHeader header = block.header();
            require(header.previousHash() != null && header.merkleRoot() != null && header.timestamp() != null,
                    where + ".header misses a field");
            require(header.shard() == shard, where + " is of shard " + header.shard() + ", the bundle of shard " + shard);
            require(header.height() == fromHeight + i, where + " has height " + header.height() + ", expected "
                    + (fromHeight + i));
            for (int j = 0; j < block.transactions().size(); j++) {
                Entry entry = block.transactions().get(j);
                require(entry != null && entry.txHash() != null && entry.canonical() != null,
                        where + ".transactions[" + j + "] misses a field");
                require(Hex.isHash(entry.txHash()), where + ".transactions[" + j + "].txHash is not 64 lowercase hex digits");
            }
        }
        for (Key key : keys) {
            require(key != null && key.keyId() != null && key.publicKey() != null, "a key misses a field");
        }
    }

    private static void require(boolean condition, String why) {
        if (!condition) {
            throw new BundleMalformed(why);
        }
    }

    /** The bundle could not be read: not JSON, not this format, or a field missing or out of range. */
    public static final class BundleMalformed extends RuntimeException {
        public BundleMalformed(String why) {
            super("malformed bundle: " + why);
        }
    }
}
