package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Test fixture: builds valid, signed block chains the way a ledger node does (transactions signed by an
 * initiator, RFC 9162 root, header hashed and signed by the ledger key), shard by shard, and the tampered
 * copies the verifier must refuse.
 */
final class SignedChain {

    static final Instant START = Instant.parse("2026-03-14T09:00:00.000Z");

    final Ed25519.SigningKey initiator = Ed25519.SigningKey.generate();
    final Ed25519.SigningKey ledgerNode = Ed25519.SigningKey.generate();
    private final Map<Integer, Tip> tips = new HashMap<>();
    private long transactionsMade;

    private record Tip(long height, String hash, long logSize) {
    }

    /** The key ids a verifier trusts: the ledger node of this chain. */
    Function<String, Ed25519.VerifyingKey> signers() {
        var key = ledgerNode.verifyingKey();
        return keyId -> key.keyId().equals(keyId) ? key : null;
    }

    /** The next valid block of the shard, holding this many new signed transactions. */
    StoredBlock next(int shard, int txCount) {
        return next(shard, txCount, UnaryOperator.identity());
    }

    /**
     * The next block of the shard with its header changed by {@code edit} before the header is hashed and signed,
     * so the hash and the signature fit the edited header. The shard's tip moves to this block.
     */
    StoredBlock next(int shard, int txCount, UnaryOperator<BlockHeader> edit) {
        List<StoredBlock.StoredTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            transactions.add(stored(transaction(shard)));
        }
        Tip tip = tips.get(shard);
        String root = MerkleTree.rootHex(transactions.stream().map(StoredBlock.StoredTransaction::txHash).toList());
        var header = edit.apply(new BlockHeader(shard, tip == null ? 0 : tip.height() + 1,
                tip == null ? Blocks.GENESIS_PREVIOUS_HASH : tip.hash(), root, txCount,
                (tip == null ? 0 : tip.logSize()) + txCount, START.plus(Duration.ofSeconds(transactionsMade))));
        StoredBlock block = signed(header, transactions);
        tips.put(shard, new Tip(header.height(), block.blockHash(), header.logSize()));
        return block;
    }

    /** The block with this header, hashed and signed by this chain's ledger node. */
    StoredBlock signed(BlockHeader header, List<StoredBlock.StoredTransaction> transactions) {
        String hash = Blocks.hash(header);
        return new StoredBlock(header, hash, ledgerNode.verifyingKey().keyId(), Blocks.sign(hash, ledgerNode), List.copyOf(transactions));
    }

    /** A new transaction of the shard's patient, signed by the initiator. */
    Transaction transaction(int shard) {
        long n = ++transactionsMade;
        String patient = "patient-" + shard;
        var metadata = Map.of(Metadata.RECORD_ID, "record-" + n, Metadata.CONTENT_TYPE, "application/fhir+json");
        var unsigned = new Transaction("00000000-0000-4000-8000-%012d".formatted(n), TransactionType.RECORD_ADDED, patient, patient,
                Sha256.hex(("ciphertext " + n).getBytes()), metadata, START.plusMillis(n), initiator.verifyingKey().keyId(), null);
        return Transactions.sign(unsigned, initiator);
    }

    static StoredBlock.StoredTransaction stored(Transaction tx) {
        return new StoredBlock.StoredTransaction(Transactions.canonical(tx), Transactions.hash(tx));
    }

    // ---- tampering: copies of a block with one thing changed, nothing re-hashed or re-signed ----

    static StoredBlock withTransactions(StoredBlock block, List<StoredBlock.StoredTransaction> transactions) {
        return new StoredBlock(block.header(), block.blockHash(), block.signer(), block.signature(), List.copyOf(transactions));
    }

    static StoredBlock withTransaction(StoredBlock block, int index, StoredBlock.StoredTransaction transaction) {
        var transactions = new ArrayList<>(block.transactions());
        transactions.set(index, transaction);
        return withTransactions(block, transactions);
    }

    static StoredBlock withHeader(StoredBlock block, BlockHeader header) {
        return new StoredBlock(header, block.blockHash(), block.signer(), block.signature(), block.transactions());
    }

    static StoredBlock withBlockHash(StoredBlock block, String blockHash) {
        return new StoredBlock(block.header(), blockHash, block.signer(), block.signature(), block.transactions());
    }

    static StoredBlock withSignature(StoredBlock block, String signer, String signature) {
        return new StoredBlock(block.header(), block.blockHash(), signer, signature, block.transactions());
    }

    // ---- header edits for next(shard, txCount, edit) ----

    static UnaryOperator<BlockHeader> height(long height) {
        return h -> new BlockHeader(h.shard(), height, h.previousHash(), h.merkleRoot(), h.txCount(), h.logSize(), h.timestamp());
    }

    static UnaryOperator<BlockHeader> previousHash(String previousHash) {
        return h -> new BlockHeader(h.shard(), h.height(), previousHash, h.merkleRoot(), h.txCount(), h.logSize(), h.timestamp());
    }

    static UnaryOperator<BlockHeader> merkleRoot(String merkleRoot) {
        return h -> new BlockHeader(h.shard(), h.height(), h.previousHash(), merkleRoot, h.txCount(), h.logSize(), h.timestamp());
    }

    static UnaryOperator<BlockHeader> txCount(int txCount) {
        return h -> new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), txCount, h.logSize(), h.timestamp());
    }

    static UnaryOperator<BlockHeader> logSize(long logSize) {
        return h -> new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), h.txCount(), logSize, h.timestamp());
    }

    static UnaryOperator<BlockHeader> timestamp(Instant timestamp) {
        return h -> new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), h.txCount(), h.logSize(), timestamp);
    }
}
