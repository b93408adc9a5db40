package health.datasafe.integrity;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A ledger's signed statement of every shard's Merkle log at one moment, as the text of a C2SP signed note
 * ({@link SignedNote}):
 *
 * <pre>
 * origin
 * 0 size-of-shard-0 base64(root of shard 0)
 * 1 size-of-shard-1 base64(root of shard 1)
 * ...
 * </pre>
 *
 * The origin names the ledger (no spaces); then one line per shard, shards 0, 1, 2, ... each exactly once and in that
 * order, with the log size in decimal (no sign, no leading zeros) and the RFC 9162 root in standard base64. An empty
 * shard is {@code S 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=} (SHA-256 of nothing).
 */
public record Checkpoint(String origin, List<ShardLog> shards) {

    /** One shard's log: its size and its root, as 64 hex digits. */
    public record ShardLog(int shard, long size, String root) {

        public ShardLog {
            if (shard < 0 || size < 0 || !Hex.isHash(root)) {
                throw new IllegalArgumentException("a shard log is a shard >= 0, a size >= 0 and a lowercase hex root");
            }
        }
    }

    private static final int MAX_SHARDS = 100_000;

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("an origin is non-empty and has no spaces: " + origin);
        }
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint covers at least one shard");
        }
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).shard() != i) {
                throw new IllegalArgumentException("a checkpoint lists shards 0, 1, 2, ... in order; found shard "
                        + shards.get(i).shard() + " at position " + i);
            }
        }
    }

    /** The shard's log as this checkpoint states it. */
    public ShardLog shard(int shard) {
        if (shard < 0 || shard >= shards.size()) {
            throw new IllegalArgumentException("shard %d is not in this checkpoint of %d shards".formatted(shard, shards.size()));
        }
        return shards.get(shard);
    }

    /** The note's text: the lines above, each ending with a newline. */
    public String text() {
        var text = new StringBuilder(origin).append('\n');
        for (ShardLog log : shards) {
            text.append(log.shard()).append(' ').append(log.size()).append(' ')
                    .append(Base64.getEncoder().encodeToString(Hex.parseHash(log.root()))).append('\n');
        }
        return text.toString();
    }

    /** The signed note: the text, a blank line and the signature of {@code key} under the name {@link #origin()}. */
    public String sign(Ed25519.SigningKey key) {
        return SignedNote.sign(text(), origin, key);
    }

    /** Reads a signed checkpoint and checks its signature by {@code key}; throws {@link CheckpointInvalid} otherwise. */
    public static Checkpoint verify(String note, Ed25519.VerifyingKey key) {
        SignedNote.parse(note); // the whole note's shape first, so a malformed note is reported as such
        return parseText(SignedNote.verifiedText(note, key));
    }

    /** A checkpoint and the trusted keys (key ids, in the order given) whose signatures on it verify. */
    public record Cosigned(Checkpoint checkpoint, List<String> signers) {
    }

    /**
     * Reads a checkpoint that at least {@code minSigners} of the {@code trusted} keys signed (a quorum of ledger
     * nodes, section 4d); a signature line that fails, or is by another key, adds nothing.
     *
     * @throws CheckpointInvalid.TooFewSigners  when fewer verify
     * @throws CheckpointInvalid.CheckpointMalformed when the note breaks the format
     */
    public static Cosigned verifyQuorum(String note, List<Ed25519.VerifyingKey> trusted, int minSigners) {
        String text = SignedNote.parse(note).text();
        var signers = new ArrayList<String>();
        var failures = new ArrayList<String>();
        for (Ed25519.VerifyingKey key : trusted) {
            try {
                SignedNote.verifiedText(note, key);
                if (!signers.contains(key.keyId())) {
                    signers.add(key.keyId());
                }
            } catch (CheckpointInvalid.CheckpointSignatureInvalid notThisKey) {
                failures.add(notThisKey.getMessage());
            }
        }
        if (signers.size() < minSigners) {
            throw new CheckpointInvalid.TooFewSigners(minSigners, signers, failures);
        }
        return new Cosigned(parseText(text), List.copyOf(signers));
    }

    /**
     * Checks that this checkpoint can follow {@code older} of the same origin: every shard's log is at least as long,
     * the same root at the same size, and where it grew, {@code proofs} (by shard, hashes from old to new as
     * {@link MerkleProofs#verifyConsistency} takes them) prove the old log a prefix of the new one.
     *
     * @throws CheckpointsInconsistent  when it cannot follow: evidence of a rewritten log
     * @throws IllegalArgumentException when another origin, fewer shards, or a proof for a grown shard is missing
     */
    public void verifyConsistentWith(Checkpoint older, java.util.Map<Integer, List<byte[]>> proofs) {
        if (!origin.equals(older.origin())) {
            throw new IllegalArgumentException("the checkpoints are of two ledgers: " + older.origin() + " and " + origin);
        }
        if (shards.size() < older.shards().size()) {
            throw new CheckpointsInconsistent(shards.size(), older.shards().size(), shards.size(),
                    "the newer checkpoint has fewer shards");
        }
        for (ShardLog old : older.shards()) {
            ShardLog now = shard(old.shard());
            if (now.size() < old.size()) {
                throw new CheckpointsInconsistent(old.shard(), old.size(), now.size(), "the log shrank");
            }
            if (now.size() == old.size()) {
                if (!now.root().equals(old.root())) {
                    throw new CheckpointsInconsistent(old.shard(), old.size(), now.size(),
                            "another root at the same size: " + old.root() + " then " + now.root());
                }
                continue;
            }
            if (old.size() == 0) {
                continue;
            }
            List<byte[]> proof = proofs.get(old.shard());
            if (proof == null) {
                throw new IllegalArgumentException("no consistency proof for shard %d from size %d to %d"
                        .formatted(old.shard(), old.size(), now.size()));
            }
            try {
                MerkleProofs.verifyConsistency(old.size(), now.size(), proof, Hex.parseHash(old.root()),
                        Hex.parseHash(now.root()));
            } catch (ProofInvalid invalid) {
                throw new CheckpointsInconsistent(old.shard(), old.size(), now.size(), invalid.getMessage());
            }
        }
    }

    /** Reads a signed checkpoint without checking any signature (to show it, or to check it against a key later). */
    public static Checkpoint parse(String note) {
        return parseText(SignedNote.parse(note).text());
    }

    /** Reads the text of a checkpoint note, refusing anything that is not exactly the format. */
    public static Checkpoint parseText(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || !lines[lines.length - 1].isEmpty()) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "a checkpoint is an origin line and at least one shard line");
        }
        if (lines.length - 2 > MAX_SHARDS) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "more than " + MAX_SHARDS + " shards");
        }
        String origin = lines[0];
        var shards = new ArrayList<ShardLog>();
        for (int i = 1; i < lines.length - 1; i++) {
            shards.add(shardLine(lines[i], i + 1, i - 1));
        }
        try {
            return new Checkpoint(origin, shards);
        } catch (IllegalArgumentException e) {
            throw new CheckpointInvalid.CheckpointMalformed(1, e.getMessage());
        }
    }

    private static ShardLog shardLine(String line, int lineNumber, int expectedShard) {
        String[] fields = line.split(" ", -1);
        if (fields.length != 3) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "a shard line is \"shard size base64-root\"");
        }
        long shard = decimal(fields[0], lineNumber, "shard");
        if (shard != expectedShard) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber,
                    "expected shard %d here, found shard %d (shards are listed 0, 1, 2, ... in order)".formatted(expectedShard, shard));
        }
        long size = decimal(fields[1], lineNumber, "size");
        byte[] root;
        try {
            root = Base64.getDecoder().decode(fields[2]);
        } catch (IllegalArgumentException e) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "the root is not base64");
        }
        if (root.length != Sha256.LENGTH || !Base64.getEncoder().encodeToString(root).equals(fields[2])) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "the root is not the base64 of 32 bytes");
        }
        return new ShardLog((int) shard, size, Hex.of(root));
    }

    private static long decimal(String field, int lineNumber, String what) {
        if (field.isEmpty() || field.length() > 18 || !field.chars().allMatch(c -> c >= '0' && c <= '9')
                || (field.length() > 1 && field.charAt(0) == '0')) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "the " + what + " is not a decimal number: " + field);
        }
        return Long.parseLong(field);
    }
}
