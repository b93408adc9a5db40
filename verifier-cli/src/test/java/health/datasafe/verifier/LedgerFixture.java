package health.datasafe.verifier;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.LogSlice;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A small ledger built the way a ledger node builds one, with integrity only: signed transactions in hash-chained,
 * signed blocks of shard 0 of a two-shard ledger (shard 1 empty), the shard's Merkle log, a signed checkpoint after the
 * last block, and the bundles and receipts exported from it.
 */
final class LedgerFixture {

    static final String ORIGIN = "verifier.test.datasafe.health/ledger";
    static final int SHARD = 0;
    private static final Instant START = Instant.parse("2026-03-14T09:00:00.000Z");

    final Ed25519.SigningKey initiator = Ed25519.SigningKey.generate();
    final Ed25519.SigningKey ledgerKey;
    final List<Bundle.Block> blocks = new ArrayList<>();
    final List<Transaction> transactions = new ArrayList<>();
    /** Every tx hash of shard 0, in log order. */
    final List<byte[]> txHashes = new ArrayList<>();

    LedgerFixture(int... txCounts) {
        this(Ed25519.SigningKey.generate(), txCounts);
    }

    LedgerFixture(Ed25519.SigningKey ledgerKey, int... txCounts) {
        this(ledgerKey, Blocks.GENESIS_PREVIOUS_HASH, txCounts);
    }

    /** A ledger started from a genesis: block 0 links to {@code genesisHash}. */
    LedgerFixture(Ed25519.SigningKey ledgerKey, String genesisHash, int... txCounts) {
        this.ledgerKey = ledgerKey;
        String previous = genesisHash;
        for (int height = 0; height < txCounts.length; height++) {
            var entries = new ArrayList<Bundle.Entry>();
            var blockHashes = new ArrayList<String>();
            for (int i = 0; i < txCounts[height]; i++) {
                Transaction tx = transaction(transactions.size() + 1);
                transactions.add(tx);
                String txHash = Transactions.hash(tx);
                entries.add(new Bundle.Entry(txHashes.size(), txHash,
                        new String(Transactions.canonical(tx), StandardCharsets.UTF_8)));
                txHashes.add(Hex.parseHash(txHash));
                blockHashes.add(txHash);
            }
            var header = new BlockHeader(SHARD, height, previous, MerkleTree.rootHex(blockHashes), txCounts[height],
                    txHashes.size(), START.plusSeconds(height));
            String blockHash = Blocks.hash(header);
            blocks.add(new Bundle.Block(header, blockHash, ledgerKey.verifyingKey().keyId(),
                    Blocks.sign(blockHash, ledgerKey), List.copyOf(entries)));
            previous = blockHash;
        }
    }

    private Transaction transaction(long n) {
        String patient = "patient-" + (n % 3);
        var metadata = Map.of(Metadata.RECORD_ID, "record-" + n, Metadata.CONTENT_TYPE, "application/fhir+json");
        var unsigned = new Transaction("00000000-0000-4000-8000-%012d".formatted(n), TransactionType.RECORD_ADDED, patient,
                patient, Sha256.hex(("ciphertext " + n).getBytes(StandardCharsets.UTF_8)), metadata, START.plusMillis(n),
                initiator.verifyingKey().keyId(), null);
        return Transactions.sign(unsigned, initiator);
    }

    long logSize() {
        return txHashes.size();
    }

    List<byte[]> leafHashes() {
        return txHashes.stream().map(MerkleTree::leafHash).toList();
    }

    /** Root of the first {@code size} tx hashes of the log. */
    String logRoot(int size) {
        return Hex.of(MerkleTree.root(txHashes.subList(0, size)));
    }

    /** The whole log as a node source, for proofs. */
    LogSlice log() {
        return new LogSlice(LogFrontier.empty(), leafHashes());
    }

    /** The checkpoint the ledger signs after the last block: shard 0's log, shard 1 empty. */
    Checkpoint checkpoint() {
        return new Checkpoint(ORIGIN, List.of(new Checkpoint.ShardLog(0, logSize(), logRoot((int) logSize())),
                new Checkpoint.ShardLog(1, 0, Hex.of(MerkleTree.emptyRoot()))));
    }

    String signedCheckpoint() {
        return checkpoint().sign(ledgerKey);
    }

    /** The bundle of blocks {@code fromHeight} to the last, with the frontier of the log before it. */
    Bundle bundle(int fromHeight) {
        long before = blocks.get(fromHeight).header().logSize() - blocks.get(fromHeight).transactions().size();
        var frontier = LogFrontier.empty();
        leafHashes().subList(0, (int) before).forEach(frontier::append);
        return new Bundle(Bundle.FORMAT, ORIGIN, SHARD, fromHeight, blocks.size() - 1,
                frontier.hashes().stream().map(Hex::of).toList(), blocks.subList(fromHeight, blocks.size()),
                signedCheckpoint(), List.of(new Bundle.Key(ledgerKey.verifyingKey().keyId(), ledgerKey.verifyingKey().toX509())));
    }

    /** The receipt of the transaction at {@code leafIndex}, proved up to the checkpoint after the last block. */
    Receipt receipt(int leafIndex) {
        Bundle.Block block = blocks.stream().filter(b -> b.header().logSize() > leafIndex).findFirst().orElseThrow();
        List<String> proof = MerkleProofs.inclusion(leafIndex, logSize(), log()).stream().map(Hex::of).toList();
        return new Receipt(transactions.get(leafIndex).id(), Hex.of(txHashes.get(leafIndex)), SHARD,
                block.header().height(), block.blockHash(), leafIndex, logSize(), proof, signedCheckpoint());
    }

    /** The ledger's public key as `openssl pkey -pubout` writes it. */
    String publicKeyPem() {
        return pem(ledgerKey.verifyingKey());
    }

    static String pem(Ed25519.VerifyingKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(Base64.getDecoder().decode(key.toX509()));
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    Path writePublicKey(Path dir) throws IOException {
        return Files.writeString(dir.resolve("ledger.pub.pem"), publicKeyPem());
    }

    /** A copy of the bundle with one block replaced. */
    static Bundle withBlock(Bundle bundle, int index, Bundle.Block block) {
        var blocks = new ArrayList<>(bundle.blocks());
        blocks.set(index, block);
        return new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                bundle.logFrontier(), blocks, bundle.checkpoint(), bundle.keys());
    }

    /** A copy of the block with one transaction's stored canonical JSON replaced, nothing re-hashed or re-signed. */
    static Bundle.Block withCanonical(Bundle.Block block, int index, String canonical) {
        var entries = new ArrayList<>(block.transactions());
        Bundle.Entry entry = entries.get(index);
        entries.set(index, new Bundle.Entry(entry.leafIndex(), entry.txHash(), canonical));
        return new Bundle.Block(block.header(), block.blockHash(), block.signer(), block.signature(), entries);
    }
}
