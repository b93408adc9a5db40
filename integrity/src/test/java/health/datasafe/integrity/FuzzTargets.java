package health.datasafe.integrity;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fuzz targets' bodies, shared by the Jazzer {@code @FuzzTest}s ({@link IntegrityFuzzTest}) and the plain JUnit run
 * over mutated seeds ({@link FuzzTargetsMutationTest}). Each takes arbitrary bytes, lets through only the failure its
 * contract names, and throws {@link AssertionError} when a property breaks; any other exception is a finding too.
 */
final class FuzzTargets {

    /** The ledger key the seed inputs are signed with (fixed, public: test only). */
    static final Ed25519.SigningKey LEDGER = fixedKey("FuzzTargets ledger node");
    static final Ed25519.SigningKey INITIATOR = fixedKey("FuzzTargets initiator");
    static final List<Ed25519.VerifyingKey> TRUSTED = List.of(LEDGER.verifyingKey());

    /** A stored log for the proof target's honest modes. */
    static final int LOG_SIZE = 2048;
    private static final List<byte[]> LEAVES = new ArrayList<>();
    private static final Map<MerkleNode, byte[]> STORED = new HashMap<>();

    static {
        var log = LogFrontier.empty();
        for (int i = 0; i < LOG_SIZE; i++) {
            byte[] leaf = MerkleTree.leafHash(Sha256.hash(ByteBuffer.allocate(4).putInt(i).array()));
            LEAVES.add(leaf);
            log.append(leaf).forEach(node -> STORED.put(node.node(), node.hash()));
        }
    }

    private FuzzTargets() {
    }

    static Ed25519.SigningKey fixedKey(String name) {
        return new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(Sha256.hash(name.getBytes(StandardCharsets.UTF_8)), 0));
    }

    /** CanonicalJson.canonicalize returns a fixed point or throws MalformedJson, nothing else. */
    static void canonicalize(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        byte[] canonical;
        try {
            canonical = CanonicalJson.canonicalize(text);
        } catch (CanonicalJson.MalformedJson refused) {
            return;
        }
        byte[] again;
        try {
            again = CanonicalJson.canonicalize(new String(canonical, StandardCharsets.UTF_8));
        } catch (CanonicalJson.MalformedJson e) {
            throw new AssertionError("the canonical form of " + quote(text) + " is refused: " + e.getMessage(), e);
        }
        if (!Arrays.equals(canonical, again)) {
            throw new AssertionError("canonicalizing is not idempotent for " + quote(text) + ": "
                    + quote(new String(canonical, StandardCharsets.UTF_8)) + " then " + quote(new String(again, StandardCharsets.UTF_8)));
        }
    }

    /**
     * SignedNote.parse, Checkpoint.parse and Checkpoint.verify throw only CheckpointInvalid; what parses is in canonical
     * form (it re-serializes to exactly the input), so no two notes read as the same signed content.
     */
    static void checkpoint(byte[] data) {
        String note = new String(data, StandardCharsets.UTF_8);
        SignedNote.Parts parts;
        try {
            parts = SignedNote.parse(note);
        } catch (CheckpointInvalid.CheckpointMalformed refused) {
            parts = null;
        }
        if (parts != null) {
            var rebuilt = new StringBuilder(parts.text()).append('\n');
            for (SignedNote.Signature signature : parts.signatures()) {
                byte[] bytes = Arrays.copyOf(signature.keyHash(), signature.keyHash().length + signature.signature().length);
                System.arraycopy(signature.signature(), 0, bytes, signature.keyHash().length, signature.signature().length);
                rebuilt.append(SignedNote.SIGNATURE_PREFIX).append(signature.keyName()).append(' ')
                        .append(Base64.getEncoder().encodeToString(bytes)).append('\n');
            }
            if (!rebuilt.toString().equals(note)) {
                throw new AssertionError("a note parses to parts that write back differently: " + quote(note) + " / " + quote(rebuilt.toString()));
            }
        }
        Checkpoint parsed;
        try {
            parsed = Checkpoint.parse(note);
        } catch (CheckpointInvalid.CheckpointMalformed refused) {
            parsed = null;
        }
        if (parsed != null) {
            if (parts == null || !parsed.text().equals(parts.text())) {
                throw new AssertionError("a checkpoint parses but its text is not its canonical text: " + quote(note));
            }
        }
        Checkpoint verified;
        try {
            verified = Checkpoint.verify(note, LEDGER.verifyingKey());
        } catch (CheckpointInvalid refused) {
            return;
        }
        if (parsed == null || !verified.equals(parsed)) {
            throw new AssertionError("a checkpoint verifies but does not parse the same: " + quote(note));
        }
        if (!LEDGER.verifyingKey().verify(verified.text().getBytes(StandardCharsets.UTF_8), signatureOf(parts))) {
            throw new AssertionError("a checkpoint verifies without a valid signature over its text: " + quote(note));
        }
    }

    private static byte[] signatureOf(SignedNote.Parts parts) {
        for (SignedNote.Signature signature : parts.signatures()) {
            if (Arrays.equals(signature.keyHash(), SignedNote.keyHash(signature.keyName(), LEDGER.verifyingKey()))) {
                return signature.signature();
            }
        }
        return new byte[0];
    }

    /**
     * Proof verification throws only ProofInvalid, naming the sizes it was given, and accepts exactly what the RFC 9162
     * algorithms (written out in {@link Rfc9162Reference}) accept. Byte 0 picks the mode: 0 inclusion and 1 consistency
     * from raw bytes (two longs, then 32-byte chunks: leaf or old root, root or new root, proof hashes; a short last
     * chunk is a malformed hash); 2 inclusion and 3 consistency proofs generated from a stored log of {@value #LOG_SIZE}
     * leaves, of which one bit (chosen by an int) is flipped unless the int points past the proof, when it must verify.
     */
    static void proof(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(data, Math.max(data.length, 21)));
        int mode = in.get() & 3;
        long a = in.getLong();
        long b = in.getLong();
        switch (mode) {
            case 0, 1 -> rawProof(mode == 0, a, b, chunks(data, 17));
            default -> honestProof(mode == 2, a, b, in.getInt());
        }
    }

    private static List<byte[]> chunks(byte[] data, int from) {
        var chunks = new ArrayList<byte[]>();
        for (int at = from; at < data.length; at += 32) {
            chunks.add(Arrays.copyOfRange(data, at, Math.min(at + 32, data.length)));
        }
        while (chunks.size() < 2) {
            chunks.add(new byte[32]);
        }
        return chunks;
    }

    private static void rawProof(boolean inclusion, long a, long b, List<byte[]> chunks) {
        byte[] first = chunks.get(0);
        byte[] second = chunks.get(1);
        List<byte[]> proof = chunks.subList(2, chunks.size());
        boolean wellFormed = chunks.stream().allMatch(chunk -> chunk.length == 32);
        boolean accepted;
        if (inclusion) {
            try {
                MerkleProofs.verifyInclusion(first, a, b, proof, second);
                accepted = true;
            } catch (ProofInvalid.InclusionProofInvalid refused) {
                if (refused.index() != a || refused.size() != b) {
                    throw new AssertionError("the refusal names index %d size %d, not %d and %d".formatted(refused.index(), refused.size(), a, b));
                }
                accepted = false;
            }
            boolean reference = wellFormed && Rfc9162Reference.verifyInclusion(first, a, b, proof, second);
            if (accepted != reference) {
                throw new AssertionError("inclusion of leaf %d in size %d with %d hashes: accepted %s, the RFC algorithm %s"
                        .formatted(a, b, proof.size(), accepted, reference));
            }
        } else {
            try {
                MerkleProofs.verifyConsistency(a, b, proof, first, second);
                accepted = true;
            } catch (ProofInvalid.ConsistencyProofInvalid refused) {
                if (refused.oldSize() != a || refused.newSize() != b) {
                    throw new AssertionError("the refusal names sizes %d and %d, not %d and %d".formatted(refused.oldSize(), refused.newSize(), a, b));
                }
                accepted = false;
            }
            boolean reference = wellFormed && Rfc9162Reference.verifyConsistency(a, b, proof, first, second);
            if (accepted != reference) {
                throw new AssertionError("consistency from %d to %d with %d hashes: accepted %s, the RFC algorithm %s"
                        .formatted(a, b, proof.size(), accepted, reference));
            }
        }
    }

    private static void honestProof(boolean inclusion, long a, long b, int flip) {
        int size = 1 + (int) Math.floorMod(b, (long) LOG_SIZE);
        int index = (int) Math.floorMod(a, (long) size);
        MerkleNode.Source nodes = node -> STORED.get(node);
        byte[] root = MerkleTree.root(size, nodes);
        List<byte[]> proof;
        byte[] other;
        if (inclusion) {
            proof = MerkleProofs.inclusion(index, size, nodes);
            other = LEAVES.get(index);
        } else {
            index = Math.max(index, 1);
            proof = MerkleProofs.consistency(index, size, nodes);
            other = MerkleTree.root(index, nodes);
        }
        var hashes = new ArrayList<byte[]>(proof);
        hashes.add(other);
        hashes.add(root);
        long bit = Integer.toUnsignedLong(flip);
        boolean flipped = bit < hashes.size() * 256L;
        if (flipped) {
            int at = (int) (bit / 256);
            hashes.set(at, MerkleProofsPropertyTest.flip(hashes.get(at), (int) (bit % 256)));
        }
        List<byte[]> mutated = hashes.subList(0, proof.size());
        byte[] mutatedOther = hashes.get(proof.size());
        byte[] mutatedRoot = hashes.get(proof.size() + 1);
        boolean accepted;
        try {
            if (inclusion) {
                MerkleProofs.verifyInclusion(mutatedOther, index, size, mutated, mutatedRoot);
            } else {
                MerkleProofs.verifyConsistency(index, size, mutated, mutatedOther, mutatedRoot);
            }
            accepted = true;
        } catch (ProofInvalid refused) {
            accepted = false;
        }
        if (accepted == flipped) {
            throw new AssertionError("%s proof %d/%d with bit %d %s was %s".formatted(inclusion ? "inclusion" : "consistency", index, size,
                    bit, flipped ? "flipped" : "intact", accepted ? "accepted" : "refused"));
        }
    }

    /** Bundle.parse throws only BundleMalformed; BundleVerifier only LedgerInvalid, CheckpointInvalid or BundleMalformed. */
    static void bundle(byte[] data) {
        Bundle bundle;
        try {
            bundle = Bundle.parse(data);
        } catch (Bundle.BundleMalformed refused) {
            return;
        }
        if (!Bundle.parse(bundle.toJson()).equals(bundle)) {
            throw new AssertionError("a bundle does not read back equal from its own JSON");
        }
        BundleVerifier.Verified verified;
        try {
            verified = BundleVerifier.verify(bundle, TRUSTED);
        } catch (LedgerInvalid | CheckpointInvalid | Bundle.BundleMalformed refused) {
            return;
        }
        Checkpoint.ShardLog stated = Checkpoint.verify(bundle.checkpoint(), LEDGER.verifyingKey()).shard(bundle.shard());
        if (stated.size() != verified.logSize() || !stated.root().equals(verified.logRoot())) {
            throw new AssertionError("a bundle verifies with a log the checkpoint does not state");
        }
        for (Bundle.Block block : bundle.blocks()) {
            for (Bundle.Entry entry : block.transactions()) {
                if (!Sha256.hex(entry.canonicalBytes()).equals(entry.txHash())) {
                    throw new AssertionError("a bundle verifies with a transaction that does not hash to its tx hash");
                }
            }
        }
    }

    /** Receipt.parse and Receipt.fromHeader throw only ReceiptMalformed; Receipt.verify only CheckpointInvalid or ProofInvalid. */
    static void receipt(byte[] data) {
        try {
            Receipt.fromHeader(new String(data, StandardCharsets.UTF_8));
        } catch (Receipt.ReceiptMalformed refused) {
            // expected for most input
        }
        Receipt receipt;
        try {
            receipt = Receipt.parse(data);
        } catch (Receipt.ReceiptMalformed refused) {
            return;
        }
        if (!Receipt.parse(receipt.toJson()).equals(receipt) || !Receipt.fromHeader(receipt.toHeader()).equals(receipt)) {
            throw new AssertionError("a receipt does not read back equal from its own JSON or header");
        }
        Checkpoint verified;
        try {
            verified = receipt.verify(TRUSTED);
        } catch (CheckpointInvalid | ProofInvalid refused) {
            return;
        }
        Checkpoint.ShardLog log = verified.shard(receipt.shard());
        byte[] root = MerkleProofs.rootFromInclusion(MerkleTree.leafHash(Hex.parseHash(receipt.txHash())), receipt.leafIndex(),
                receipt.treeSize(), receipt.inclusionProof().stream().map(Hex::parseHash).toList());
        if (log.size() != receipt.treeSize() || !Hex.of(root).equals(log.root())) {
            throw new AssertionError("a receipt verifies against a root or size its checkpoint does not state");
        }
    }

    private static String quote(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        var out = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.getType(c) == Character.SURROGATE) {
                out.append("\\u%04x".formatted(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
