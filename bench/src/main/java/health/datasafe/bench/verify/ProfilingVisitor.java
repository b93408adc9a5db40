package health.datasafe.bench.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.ChainVerifier;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Sha256;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Where verification time goes: assembles the rows as {@link BlockAssembler} does, then repeats the costly steps of
 * {@link ChainVerifier#verify} one by one with the integrity module's own functions, timing
 * each: tx rehash (SHA-256 of the canonical bytes, to hex, compared), leaf hashes, the block's Merkle root, header
 * hash (canonical JSON of the header, SHA-256), block signature, and appending the leaves to the shard's log
 * frontier. Only a profile: the real verification is the {@link ChainVerifier}'s in {@link ReadBenchmark#verify}.
 */
final class ProfilingVisitor implements ChainRows.Visitor {

    private final Function<String, Ed25519.VerifyingKey> signers;
    private BlockHeader header;
    private String blockHash;
    private String signer;
    private String signature;
    private final List<byte[]> canonical = new ArrayList<>();
    private final List<String> txHashes = new ArrayList<>();
    private LogFrontier log = LogFrontier.empty();
    private long txHashNanos;
    private long leafNanos;
    private long merkleNanos;
    private long logNanos;
    private long headerNanos;
    private long signatureNanos;
    private long mismatches;

    ProfilingVisitor(Function<String, Ed25519.VerifyingKey> signers) {
        this.signers = signers;
    }

    @Override
    public void block(int shard, long height, byte[] hash, byte[] previousHash, byte[] merkleRoot, int txCount,
                      long logSize, OffsetDateTime timestamp, String signer, byte[] signature) {
        flush();
        this.header = new BlockHeader(shard, height, Hex.of(previousHash), Hex.of(merkleRoot), txCount, logSize,
                timestamp.toInstant());
        this.blockHash = Hex.of(hash);
        this.signer = signer;
        this.signature = Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public void transaction(long leafIndex, byte[] txHash, byte[] canonicalJson) {
        canonical.add(canonicalJson);
        txHashes.add(Hex.of(txHash));
    }

    @Override
    public void end() {
        flush();
    }

    private void flush() {
        if (header == null) {
            return;
        }
        int count = canonical.size();
        long t0 = System.nanoTime();
        byte[][] digests = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] digest = Sha256.hash(canonical.get(i));
            if (!Hex.of(digest).equals(txHashes.get(i))) {
                mismatches++;
            }
            digests[i] = digest;
        }
        long t1 = System.nanoTime();
        byte[][] leaves = new byte[count][];
        for (int i = 0; i < count; i++) {
            leaves[i] = MerkleTree.leafHash(digests[i]);
        }
        long t1b = System.nanoTime();
        byte[] root = count == 0 ? MerkleTree.emptyRoot() : MerkleTree.rootOfLeaves(leaves);
        if (!Hex.of(root).equals(header.merkleRoot())) {
            mismatches++;
        }
        long t2 = System.nanoTime();
        if (!Blocks.hash(header).equals(blockHash)) {
            mismatches++;
        }
        long t3 = System.nanoTime();
        Ed25519.VerifyingKey key = signers.apply(signer);
        if (key == null || !Blocks.signatureValid(blockHash, signature, key)) {
            mismatches++;
        }
        long t4 = System.nanoTime();
        for (byte[] leaf : leaves) {
            log.append(leaf);
        }
        long t5 = System.nanoTime();
        txHashNanos += t1 - t0;
        leafNanos += t1b - t1;
        merkleNanos += t2 - t1b;
        logNanos += t5 - t4;
        headerNanos += t3 - t2;
        signatureNanos += t4 - t3;
        header = null;
        canonical.clear();
        txHashes.clear();
    }

    long txHashNanos() {
        return txHashNanos;
    }

    long leafNanos() {
        return leafNanos;
    }

    long merkleNanos() {
        return merkleNanos;
    }

    long logNanos() {
        return logNanos;
    }

    long headerNanos() {
        return headerNanos;
    }

    long signatureNanos() {
        return signatureNanos;
    }

    /** Checks that failed; 0 on an intact ledger. */
    long mismatches() {
        return mismatches;
    }
}
