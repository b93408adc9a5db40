package health.datasafe.ledger.proof;

import health.datasafe.kit.security.Caller;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.witness.CheckpointCosignatures;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/ledger}: the signed checkpoints, and RFC 9162 proofs against them. Every proof is built from the nodes
 * it needs, read in one query from the stored log; no tree is rebuilt per request. Checkpoints and consistency proofs
 * hold only hashes, so any authenticated caller may have them; an inclusion proof tells which transaction a hash is,
 * so only its patient, auditors and administrators get one (for anyone else the hash is not found, exactly as an
 * unknown one; a clinician has the receipt of his own read).
 */
@RestController
@RequestMapping("/api/ledger")
class ProofController {

    static final MediaType NOTE = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final LogReader reader;
    private final MerkleNodeStore nodes;
    private final CheckpointCosignatures cosignatures;

    ProofController(LogReader reader, MerkleNodeStore nodes, CheckpointCosignatures cosignatures) {
        this.reader = reader;
        this.nodes = nodes;
        this.cosignatures = cosignatures;
    }

    /**
     * @param leafHash   SHA-256(0x00 || tx hash), the leaf the proof starts from
     * @param proof      the audit path, leaf to root
     * @param root       the shard log's root at {@code treeSize}
     * @param checkpoint the signed checkpoint stating the shard at {@code treeSize}, null if none does
     */
    record InclusionProof(String txHash, int shard, long leafIndex, long treeSize, String leafHash, List<String> proof,
                          String root, String checkpoint) {
    }

    record ConsistencyProof(int shard, long from, long to, List<String> proof, String fromRoot, String toRoot) {
    }

    /**
     * The latest signed checkpoint, or the one of the epoch of block {@code height} of {@code shard}: exact bytes, with
     * every witness cosignature kept for it.
     */
    @GetMapping("/checkpoint")
    ResponseEntity<byte[]> checkpoint(@RequestParam(required = false) Integer shard,
                                      @RequestParam(required = false) Long height)
            throws MissingServletRequestParameterException {
        String note;
        if (shard == null && height == null) {
            note = reader.latestCheckpoint().orElseThrow(CheckpointNotFound::new);
        } else if (shard == null) {
            throw new MissingServletRequestParameterException("shard", "int");
        } else if (height == null) {
            throw new MissingServletRequestParameterException("height", "long");
        } else {
            requireShard(shard);
            if (height < 0) {
                throw new BlockRangeOutOfRange(shard, height, height, reader.tip(shard).map(LogReader.ShardTip::height)
                        .orElse(-1L));
            }
            note = reader.checkpointAfter(shard, height).orElseThrow(() -> new CheckpointNotFound(shard, height));
        }
        return ResponseEntity.ok().contentType(NOTE)
                .body(cosignatures.withCosignatures(note).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The inclusion proof of the transaction with this hash in its shard's log at {@code treeSize} (by default the
     * shard's size in the latest checkpoint, which is then the checkpoint served with it).
     */
    @GetMapping("/proofs/inclusion")
    InclusionProof inclusion(@RequestParam String txHash, @RequestParam(required = false) Long treeSize,
                             Authentication caller) {
        String hash = hashParameter("txHash", txHash);
        LogReader.LeafPlace leaf = reader.leaf(hash)
                .filter(found -> Caller.of(caller).mayLookUp(found.patientId()))
                .orElseThrow(() -> new TransactionHashNotFound(hash));
        int shard = leaf.shard();
        long size;
        String note;
        if (treeSize == null) {
            Optional<String> latest = reader.latestCheckpoint();
            Optional<Checkpoint> stated = latest.map(Checkpoint::parse).filter(c -> shard < c.shards().size());
            if (stated.isPresent()) {
                size = stated.get().shard(shard).size();
                note = latest.get();
            } else {
                size = currentSize(shard);
                note = null;
            }
        } else {
            long max = currentSize(shard);
            if (treeSize < 1 || treeSize > max) {
                throw new TreeSizeOutOfRange("treeSize", treeSize, shard, 1, max);
            }
            size = treeSize;
            note = reader.checkpointAtSize(shard, size).orElse(null);
        }
        if (leaf.leafIndex() >= size) {
            throw new LeafOutsideTree(hash, leaf.leafIndex(), size);
        }
        var wanted = new LinkedHashSet<>(MerkleProofs.inclusionNodes(leaf.leafIndex(), size));
        wanted.addAll(MerkleProofs.rootNodes(size));
        MerkleNode.Source stored = MerkleNodeStore.source(shard, nodes.read(shard, wanted));
        List<byte[]> proof = MerkleProofs.inclusion(leaf.leafIndex(), size, stored);
        return new InclusionProof(hash, shard, leaf.leafIndex(), size, Hex.of(MerkleTree.leafHash(Hex.parseHash(hash))),
                hex(proof), Hex.of(MerkleTree.root(size, stored)), note);
    }

    /** The consistency proof of a shard's log from size {@code from} to size {@code to} (by default its current size). */
    @GetMapping("/proofs/consistency")
    ConsistencyProof consistency(@RequestParam int shard, @RequestParam long from, @RequestParam(required = false) Long to) {
        requireShard(shard);
        long max = currentSize(shard);
        long newSize = to == null ? max : to;
        if (newSize < 0 || newSize > max) {
            throw new TreeSizeOutOfRange("to", newSize, shard, 0, max);
        }
        if (from < 0 || from > newSize) {
            throw new TreeSizeOutOfRange("from", from, shard, 0, newSize);
        }
        var wanted = new LinkedHashSet<>(MerkleProofs.consistencyNodes(from, newSize));
        wanted.addAll(MerkleProofs.rootNodes(from));
        wanted.addAll(MerkleProofs.rootNodes(newSize));
        MerkleNode.Source stored = MerkleNodeStore.source(shard, nodes.read(shard, wanted));
        return new ConsistencyProof(shard, from, newSize, hex(MerkleProofs.consistency(from, newSize, stored)),
                Hex.of(MerkleTree.root(from, stored)), Hex.of(MerkleTree.root(newSize, stored)));
    }

    private void requireShard(int shard) {
        int shards = reader.shardCount();
        if (shard < 0 || shard >= shards) {
            throw new ShardUnknown(shard, shards);
        }
    }

    private long currentSize(int shard) {
        return reader.tip(shard).map(LogReader.ShardTip::logSize).orElse(0L);
    }

    /** The hash in lowercase; upper case hex is accepted. */
    static String hashParameter(String name, String value) {
        String hash = value.trim().toLowerCase(Locale.ROOT);
        if (!Hex.isHash(hash)) {
            throw new NotAHash(name, value);
        }
        return hash;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Hex::of).toList();
    }
}
