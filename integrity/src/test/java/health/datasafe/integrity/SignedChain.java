package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;

import java.nio.charset.StandardCharsets;
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
 * copies the verifier must refuse. Like a ledger node it also keeps each shard's Merkle log (every node
 * {@link LogFrontier#append} completes), the frontier before each block and the checkpoint signed right after
 * each block, so that it can export bundles and issue receipts.
 */
final class SignedChain {

    static final Instant START = Instant.parse("2026-03-14T09:00:00.000Z");
    static final String ORIGIN = "test.datasafe.example/ledger";
    /** The shards every checkpoint covers. */
    static final int SHARDS = 3;

    final Ed25519.SigningKey initiator;
    final Ed25519.SigningKey ledgerNode;
    private final Map<Integer, Tip> tips = new HashMap<>();
    private final Map<Integer, Shard> shards = new HashMap<>();
    private long transactionsMade;

    private record Tip(long height, String hash, long logSize) {
    }

    /** A chain of fresh keys. */
    SignedChain() {
        this(Ed25519.SigningKey.generate(), Ed25519.SigningKey.generate());
    }

    /** A chain of given keys: with fixed keys every block, signature and checkpoint is the same in every run. */
    SignedChain(Ed25519.SigningKey initiator, Ed25519.SigningKey ledgerNode) {
        this.initiator = initiator;
        this.ledgerNode = ledgerNode;
    }

    /** A shard's log as a ledger node stores it, and what it recorded per block, by height. */
    private record Shard(LogFrontier log, Map<MerkleNode, byte[]> nodes, Map<Long, StoredBlock> blocks,
                         Map<Long, List<String>> frontierBefore, Map<Long, String> checkpointAfter) {
        Shard() {
            this(LogFrontier.empty(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
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
        Shard log = shards.computeIfAbsent(shard, s -> new Shard());
        log.frontierBefore().put(header.height(), log.log().hashes().stream().map(Hex::of).toList());
        for (var tx : transactions) {
            log.log().append(MerkleTree.leafHash(Hex.parseHash(tx.txHash())))
                    .forEach(node -> log.nodes().put(node.node(), node.hash()));
        }
        log.blocks().put(header.height(), block);
        log.checkpointAfter().put(header.height(), checkpoint());
        return block;
    }

    // ---- the shard logs: checkpoints, bundles and receipts ----

    /** The checkpoint of every shard's log as it stands now, signed by the ledger node under {@link #ORIGIN}. */
    String checkpoint() {
        return checkpointOf().sign(ledgerNode);
    }

    /** The (unsigned) checkpoint of every shard's log as it stands now. */
    Checkpoint checkpointOf() {
        var logs = new ArrayList<Checkpoint.ShardLog>();
        for (int shard = 0; shard < SHARDS; shard++) {
            LogFrontier log = shards.containsKey(shard) ? shards.get(shard).log() : LogFrontier.empty();
            logs.add(new Checkpoint.ShardLog(shard, log.size(), Hex.of(log.root())));
        }
        return new Checkpoint(ORIGIN, logs);
    }

    /** The checkpoint the ledger node signed right after block {@code height} of the shard. */
    String checkpointAfter(int shard, long height) {
        return shards.get(shard).checkpointAfter().get(height);
    }

    /** The hex frontier of the shard's log before block {@code height}. */
    List<String> frontierBefore(int shard, long height) {
        return shards.get(shard).frontierBefore().get(height);
    }

    StoredBlock block(int shard, long height) {
        return shards.get(shard).blocks().get(height);
    }

    /** The shard's log frontier now. */
    LogFrontier log(int shard) {
        return shards.get(shard).log().copy();
    }

    /** Every node of the shard's log stored so far, as a proof source. */
    MerkleNode.Source nodes(int shard) {
        Map<MerkleNode, byte[]> nodes = shards.get(shard).nodes();
        return node -> {
            byte[] hash = nodes.get(node);
            if (hash == null) {
                throw new IllegalStateException("node " + node + " is not stored");
            }
            return hash;
        };
    }

    /** The export of blocks {@code from..to} of the shard, with the checkpoint signed right after block {@code to}. */
    Bundle bundle(int shard, long from, long to) {
        var blocks = new ArrayList<Bundle.Block>();
        for (long height = from; height <= to; height++) {
            StoredBlock block = block(shard, height);
            long leaf = block.header().logSize() - block.transactions().size();
            var entries = new ArrayList<Bundle.Entry>();
            for (var tx : block.transactions()) {
                entries.add(new Bundle.Entry(leaf++, tx.txHash(), new String(tx.canonicalJson(), StandardCharsets.UTF_8)));
            }
            blocks.add(new Bundle.Block(block.header(), block.blockHash(), block.signer(), block.signature(), entries));
        }
        var key = ledgerNode.verifyingKey();
        return new Bundle(Bundle.FORMAT, ORIGIN, shard, from, to, frontierBefore(shard, from), blocks,
                checkpointAfter(shard, to), List.of(new Bundle.Key(key.keyId(), key.toX509())));
    }

    /**
     * The receipt of transaction {@code index} of block {@code height} of the shard: its inclusion proof in the shard's
     * log at the size the checkpoint signed right after block {@code provenAt} states.
     */
    Receipt receipt(int shard, long height, int index, long provenAt) {
        StoredBlock block = block(shard, height);
        var tx = block.transactions().get(index);
        long leaf = block.header().logSize() - block.transactions().size() + index;
        String note = checkpointAfter(shard, provenAt);
        long size = Checkpoint.parse(note).shard(shard).size();
        List<String> proof = MerkleProofs.inclusion(leaf, size, nodes(shard)).stream().map(Hex::of).toList();
        String txId = CanonicalJson.read(tx.canonicalJson(), Transaction.class).id();
        return new Receipt(txId, tx.txHash(), shard, height, block.blockHash(), leaf, size, proof, note);
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
