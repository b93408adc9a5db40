package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.SignedNote;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.TrustedKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Screens records of {@code dsh.ledger.blocks} and {@code dsh.ledger.signatures}, the one place where a block event or
 * a node's signature of a block is read. {@link #read} gives a
 * block that is whole: a header with hex hashes and a timestamp, a block hash, a signer and signature, and at least one
 * transaction, each with an id, a type and a tx hash. {@link #verified} also checks everything the block says about
 * itself ({@link Blocks#verifyContents}) and that a trusted ledger key signed it: with no ledger key trusted, no block
 * is verified. {@link #signed} gives a node's signature of a block hash that a trusted ledger key made, with a
 * checkpoint signed by the same key. A record that fails is {@link RecordRefused} with the reason.
 */
public class BlockScreen {

    private final EventReader events;
    private final TrustedKeys ledger;
    private final BlockCopies actedOn = new BlockCopies();

    public BlockScreen(EventReader events, TrustedKeys ledger) {
        this.events = events;
        this.ledger = ledger;
    }

    public BlockCommitted read(byte[] value) {
        BlockCommitted block = events.read(value, BlockCommitted.class);
        BlockHeader header = block.header();
        if (header == null) {
            throw new RecordRefused("a block without a header");
        }
        String where = "block " + header.height() + " of shard " + header.shard();
        if (header.shard() < 0 || header.height() < 0) {
            throw new RecordRefused(where + ": shard and height must not be negative");
        }
        if (!Hex.isHash(header.previousHash()) || !Hex.isHash(header.merkleRoot()) || header.timestamp() == null) {
            throw new RecordRefused(where + ": the header lacks a hex previousHash, a hex merkleRoot or a timestamp");
        }
        if (!Hex.isHash(block.blockHash()) || block.signer() == null || block.signature() == null) {
            throw new RecordRefused(where + ": it lacks a hex blockHash, a signer or a signature");
        }
        if (block.transactions() == null || block.transactions().isEmpty()) {
            throw new RecordRefused(where + ": it has no transactions");
        }
        for (CommittedTransaction committed : block.transactions()) {
            if (committed == null || committed.transaction() == null || committed.transaction().id() == null
                    || committed.transaction().type() == null || !Hex.isHash(committed.txHash())) {
                throw new RecordRefused(where + ": an entry lacks its transaction, the transaction's id or type,"
                        + " or a hex tx hash");
            }
        }
        if (block.logFrontier() != null && !block.logFrontier().stream().allMatch(Hex::isHash)) {
            throw new RecordRefused(where + ": logFrontier holds something that is not a hex hash");
        }
        return block;
    }

    public BlockCommitted verified(byte[] value) {
        BlockCommitted block = read(value);
        verify(block);
        return block;
    }

    /**
     * {@link #verified}, then {@code action}, for a consumer that acts once per block whichever ledger node announced
     * it: a block of the same shard, height and hash as one this screen verified and acted on lately is another node's
     * copy of the same contents, and is neither verified nor acted on again (each node's signature of it comes on
     * {@code dsh.ledger.signatures}). A block is remembered only once its action returned, so a redelivery after a
     * failed action acts again; a record that claims a remembered hash without being such a copy changes nothing.
     */
    public void onFirstCopy(byte[] value, Consumer<BlockCommitted> action) {
        actedOn.actOnFirstCopy(value, this::read, verifiedThen(action));
    }

    /**
     * {@link #onFirstCopy(byte[], Consumer)} for a record of the topic: one whose {@link Topics#BLOCK_HEADER} names a
     * block acted on lately is skipped without being read ({@link BlockCopies}).
     */
    public void onFirstCopy(ConsumerRecord<?, byte[]> record, Consumer<BlockCommitted> action) {
        actedOn.actOnFirstCopy(record, this::read, verifiedThen(action));
    }

    private Consumer<BlockCommitted> verifiedThen(Consumer<BlockCommitted> action) {
        return block -> {
            verify(block);
            action.accept(block);
        };
    }

    /**
     * A {@link BlockSigned} whose header hashes to its block hash, whose signature over the block hash verifies with the trusted ledger key it names, and
     * whose checkpoint (if any) that key signed too. What the checkpoint states is not checked here: a consumer merges
     * it only with notes of the same text as the checkpoint of a block it verified.
     */
    public BlockSigned signed(byte[] value) {
        BlockSigned signed = whole(events.read(value, BlockSigned.class));
        verify(signed);
        return signed;
    }

    /**
     * {@link #signed}, for a ledger node reading its peers' signatures: empty for a whole signature by {@code ownSigner}
     * (the node's own key id), which is not verified only to be dropped; every other signature is verified as
     * {@link #signed} does. A record that is not a whole signature is refused, whoever it names.
     */
    public Optional<BlockSigned> signedByAnother(byte[] value, String ownSigner) {
        BlockSigned signed = whole(events.read(value, BlockSigned.class));
        if (signed.signer().equals(ownSigner)) {
            return Optional.empty();
        }
        verify(signed);
        return Optional.of(signed);
    }

    /** The shape of a signature: shard, height, hashes, signer and signature, and a header that hashes to its hash. */
    private static BlockSigned whole(BlockSigned signed) {
        String where = where(signed);
        if (signed.shard() < 0 || signed.height() < 0 || !Hex.isHash(signed.blockHash()) || signed.signer() == null
                || signed.signature() == null) {
            throw new RecordRefused(where + ": it lacks a shard, height, hex blockHash, signer or signature");
        }
        if (signed.header() == null || signed.header().shard() != signed.shard()
                || signed.header().height() != signed.height() || signed.header().timestamp() == null
                || !Hex.isHash(signed.header().previousHash()) || !Hex.isHash(signed.header().merkleRoot())
                || !Blocks.hash(signed.header()).equals(signed.blockHash())) {
            throw new RecordRefused(where + ": its header is missing, names another block, or does not hash to "
                    + signed.blockHash());
        }
        return signed;
    }

    /** That a trusted ledger key made the signature, and signed its checkpoint (if any) too. */
    private void verify(BlockSigned signed) {
        String where = where(signed);
        Ed25519.VerifyingKey key = ledger.byKeyId(signed.signer()).orElseThrow(() -> new RecordRefused(where
                + ": its signer " + signed.signer() + " is not a trusted ledger key"));
        if (!Blocks.signatureValid(signed.blockHash(), signed.signature(), key)) {
            throw new RecordRefused(where + ": the signature of " + signed.signer() + " does not verify over "
                    + signed.blockHash());
        }
        if (signed.checkpoint() != null) {
            try {
                SignedNote.verifiedText(signed.checkpoint(), key);
            } catch (CheckpointInvalid invalid) {
                throw new RecordRefused(where + ": its checkpoint is not signed by " + signed.signer() + ": "
                        + invalid.getMessage());
            }
        }
    }

    private static String where(BlockSigned signed) {
        return "the signature of block " + signed.height() + " of shard " + signed.shard();
    }

    private void verify(BlockCommitted block) {
        try {
            Blocks.verifyContents(block);
            Blocks.verifySignature(block, ledger);
        } catch (LedgerInvalid invalid) {
            throw new RecordRefused(invalid.getClass().getSimpleName() + ": " + invalid.getMessage());
        }
    }
}
