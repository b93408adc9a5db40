package health.datasafe.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A witness's cosignature of a checkpoint (c2sp.org/tlog-cosignature, cosignature/v1, Ed25519): a signed-note line
 * {@code "— " name " " base64(key hash ‖ timestamp ‖ signature)} added to the checkpoint's note. The key hash is the
 * first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ 32-byte public key); the timestamp is 8 bytes, big-endian seconds since
 * the epoch; the signature is Ed25519 over {@code "cosignature/v1\ntime " T "\n"} followed by the note's text. It
 * states that, at that time, this was the largest checkpoint consistent with everything the witness had seen of the
 * ledger (docs/ledger-format.md, section 7a).
 */
public final class Cosignature {

    public static final String HEADER = "cosignature/v1";
    private static final byte COSIGNATURE_V1 = 0x04;
    private static final int LINE_BYTES = 4 + 8 + 64;

    private Cosignature() {
    }

    /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key). */
    public static byte[] keyHash(String name, Ed25519.VerifyingKey key) {
        byte[] hash = Sha256.hash(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', COSIGNATURE_V1},
                key.publicKey().getEncoded());
        return Arrays.copyOf(hash, 4);
    }

    /** What is signed: the header line, the time line and the note's text. */
    public static byte[] message(String text, long timestamp) {
        return (HEADER + "\ntime " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** The cosignature line (ending in a newline) of the witness {@code name} over the note's text at {@code timestamp}. */
    public static String line(String note, String name, Ed25519.SigningKey key, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature's time is not negative: " + timestamp);
        }
        SignedNote.checkKeyName(name);
        String text = SignedNote.parse(note).text();
        byte[] body = ByteBuffer.allocate(LINE_BYTES).put(keyHash(name, key.verifyingKey())).putLong(timestamp)
                .put(key.sign(message(text, timestamp))).array();
        return SignedNote.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(body) + "\n";
    }

    /** The note with this signature line added after its others (a line it holds already is not added twice). */
    public static String add(String note, String line) {
        SignedNote.parse(note);
        String added = note.endsWith(line) || note.contains("\n" + line) ? note : note + line;
        SignedNote.parse(added);
        return added;
    }

    /**
     * The time of the cosignature of witness {@code name} with {@code key} on the note, once it verifies.
     *
     * @throws CheckpointInvalid.CheckpointSignatureInvalid when the note holds no such line, or it does not verify
     */
    public static long verify(String note, String name, Ed25519.VerifyingKey key) {
        SignedNote.Parts parts = SignedNote.parse(note);
        byte[] hash = keyHash(name, key);
        for (SignedNote.Signature signature : parts.signatures()) {
            if (signature.keyName().equals(name) && Arrays.equals(signature.keyHash(), hash)) {
                byte[] rest = signature.signature();
                if (rest.length != 8 + 64) {
                    throw new CheckpointInvalid.CheckpointSignatureInvalid(name, key.keyId(),
                            "a cosignature holds an 8-byte time and a 64-byte signature, got " + rest.length + " bytes");
                }
                long timestamp = ByteBuffer.wrap(rest, 0, 8).getLong();
                if (timestamp < 0 || !key.verify(message(parts.text(), timestamp), Arrays.copyOfRange(rest, 8, 72))) {
                    throw new CheckpointInvalid.CheckpointSignatureInvalid(name, key.keyId(),
                            "the cosignature does not verify");
                }
                return timestamp;
            }
        }
        throw new CheckpointInvalid.CheckpointSignatureInvalid(name, key.keyId(), "the note holds no cosignature of"
                + " this witness");
    }

    /**
     * How many of these witnesses (name to key) cosigned the note; those whose line is missing or fails count for
     * nothing.
     */
    public static int count(String note, Map<String, Ed25519.VerifyingKey> witnesses) {
        int count = 0;
        for (var witness : witnesses.entrySet()) {
            try {
                verify(note, witness.getKey(), witness.getValue());
                count++;
            } catch (CheckpointInvalid.CheckpointSignatureInvalid notThisOne) {
                // counts for nothing
            }
        }
        return count;
    }
}
