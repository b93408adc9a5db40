package health.datasafe.integrity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The C2SP signed-note format (c2sp.org/signed-note) with Ed25519 keys: a text of lines ending in a newline, a blank
 * line, then one line per signature, {@code "— " name " " base64(key hash ‖ signature)}. The key hash is the first 4
 * bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key); the signature is Ed25519 over the text's UTF-8 bytes.
 */
public final class SignedNote {

    /** U+2014 EM DASH and a space: how every signature line starts. */
    public static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final byte ED25519_ALGORITHM = 0x01;
    private static final int MAX_NOTE_LENGTH = 1 << 20;

    /** One signature line: the key name, the 4-byte key hash and the signature bytes. */
    public record Signature(String keyName, byte[] keyHash, byte[] signature) {
    }

    /** A note taken apart: its text (ending in a newline) and its signatures, in order. */
    public record Parts(String text, List<Signature> signatures) {
    }

    private SignedNote() {
    }

    /** The text followed by a blank line and this key's signature line. */
    public static String sign(String text, String keyName, Ed25519.SigningKey key) {
        checkText(text);
        checkKeyName(keyName);
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] line = concat(keyHash(keyName, key.verifyingKey()), signature);
        return text + "\n" + SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
    public static byte[] keyHash(String keyName, Ed25519.VerifyingKey key) {
        byte[] hash = Sha256.hash(keyName.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', ED25519_ALGORITHM},
                key.publicKey().getEncoded());
        return Arrays.copyOf(hash, 4);
    }

    /** Takes a note apart, refusing anything that is not exactly the format. */
    public static Parts parse(String note) {
        if (note == null || note.isEmpty()) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "the note is empty");
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "the note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        if (!note.endsWith("\n")) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "the note does not end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "there is no blank line between the text and the signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        String[] lines = note.substring(split + 2).split("\n", -1);
        int firstSignatureLine = (int) text.chars().filter(c -> c == '\n').count() + 2;
        var signatures = new ArrayList<Signature>();
        for (int i = 0; i < lines.length - 1; i++) {
            signatures.add(signatureLine(lines[i], firstSignatureLine + i));
        }
        if (signatures.isEmpty()) {
            throw new CheckpointInvalid.CheckpointMalformed(firstSignatureLine, "the note has no signature");
        }
        return new Parts(text, List.copyOf(signatures));
    }

    /**
     * One note holding the text of {@code notes} and every distinct signature line of theirs, in the order given (the
     * C2SP form of a cosigned note). Every note must have the same text.
     *
     * @throws CheckpointInvalid.CheckpointMalformed when a note breaks the format or the texts differ
     */
    public static String merge(List<String> notes) {
        if (notes.isEmpty()) {
            throw new IllegalArgumentException("no note to merge");
        }
        String text = null;
        var lines = new java.util.LinkedHashSet<String>();
        for (String note : notes) {
            Parts parts = parse(note);
            if (text == null) {
                text = parts.text();
            } else if (!text.equals(parts.text())) {
                throw new CheckpointInvalid.CheckpointMalformed(0, "notes with different texts cannot be merged");
            }
            for (String line : note.substring(note.lastIndexOf("\n\n") + 2).split("\n")) {
                lines.add(line + "\n");
            }
        }
        return text + "\n" + String.join("", lines);
    }

    /**
     * {@code note} with the signature lines of those of {@code others} that have its text (a node's signature of the
     * same checkpoint, say); others of another text, malformed or null, add nothing.
     */
    public static String mergeSameText(String note, List<String> others) {
        String text = parse(note).text();
        var same = new ArrayList<String>();
        same.add(note);
        for (String other : others) {
            if (other == null) {
                continue;
            }
            try {
                if (parse(other).text().equals(text)) {
                    same.add(other);
                }
            } catch (CheckpointInvalid.CheckpointMalformed malformed) {
                // adds nothing
            }
        }
        return same.size() == 1 ? note : merge(same);
    }

    /**
     * The note's text, once a signature on it verifies with {@code key}: the signature line whose key hash matches
     * {@code key} under the name that line gives.
     */
    public static String verifiedText(String note, Ed25519.VerifyingKey key) {
        Parts parts = parse(note);
        byte[] text = parts.text().getBytes(StandardCharsets.UTF_8);
        for (Signature signature : parts.signatures()) {
            if (Arrays.equals(signature.keyHash(), keyHash(signature.keyName(), key))) {
                if (SignatureCache.verifies(key, text, signature.signature())) {
                    return parts.text();
                }
                throw new CheckpointInvalid.CheckpointSignatureInvalid(signature.keyName(), key.keyId(),
                        "the signature does not verify");
            }
        }
        throw new CheckpointInvalid.CheckpointSignatureInvalid(
                parts.signatures().stream().map(Signature::keyName).distinct().toList().toString(), key.keyId(),
                "no signature line is by this key");
    }

    private static Signature signatureLine(String line, int lineNumber) {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "a signature line starts with \"— \"");
        }
        String[] fields = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
        if (fields.length != 2) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "a signature line is \"— name base64\"");
        }
        try {
            checkKeyName(fields[0]);
        } catch (IllegalArgumentException e) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "the signature is not base64");
        }
        // the JDK decoder also takes unpadded text and ignores non-zero trailing bits: one signature, one spelling
        if (!Base64.getEncoder().encodeToString(bytes).equals(fields[1])) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber, "the signature is not canonical padded base64");
        }
        // 4-byte key hash and a signature of any algorithm: a line by an unknown key (a witness's cosignature, say)
        // is ignored, one by the verifier's key must hold a 64-byte Ed25519 signature or it does not verify
        if (bytes.length < 4 + 1) {
            throw new CheckpointInvalid.CheckpointMalformed(lineNumber,
                    "a signature line holds a 4-byte key hash and a signature, got " + bytes.length + " bytes");
        }
        return new Signature(fields[0], Arrays.copyOf(bytes, 4), Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    private static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new CheckpointInvalid.CheckpointMalformed(0, "the text must be lines ending in a newline");
        }
        // empty lines are allowed (the signatures start after the last one); a checkpoint's text refuses them itself
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.chars().anyMatch(Character::isISOControl)) {
                throw new CheckpointInvalid.CheckpointMalformed(i + 1, "the text has a control character");
            }
            if (hasLoneSurrogate(line)) {
                throw new CheckpointInvalid.CheckpointMalformed(i + 1, "the text is not valid UTF-8 (a lone surrogate)");
            }
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static void checkKeyName(String name) {
        if (name == null || name.isEmpty() || name.contains("+")
                || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+': " + name);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
