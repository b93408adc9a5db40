package health.datasafe.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signatures that verified lately, so that the same signature by the same key over the same bytes is checked once per
 * JVM, as Bitcoin Core's signature cache does for transactions it saw in its mempool. A reader of the ledger's topics
 * meets the same signature several times: each node puts its checkpoint note, signed once per epoch, in its signature
 * of every block of that epoch, and a node's copy of a block carries the block signature its {@code BlockSigned}
 * repeats.
 * Ed25519 verification is deterministic, so a (key, message, signature) that verified once verifies again; only those
 * are remembered, by the SHA-256 of all three (about a microsecond for a checkpoint note, against about 70 µs for a
 * verification), and a failure is checked again every time. At most {@value #CAPACITY} are kept, the least recently
 * used dropped first.
 */
public final class SignatureCache {

    static final int CAPACITY = 16_384;
    private static final byte[] DOMAIN = "datasafehealth signature cache v1\n".getBytes(StandardCharsets.UTF_8);
    private static final Map<ByteBuffer, Boolean> VERIFIED = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    private SignatureCache() {
    }

    /** Whether {@code signature} over {@code message} verifies with {@code key}, checked once while remembered. */
    public static boolean verifies(Ed25519.VerifyingKey key, byte[] message, byte[] signature) {
        if (signature == null || message == null) {
            return false;
        }
        ByteBuffer entry = entry(key, message, signature);
        synchronized (VERIFIED) {
            if (VERIFIED.get(entry) != null) {
                return true;
            }
        }
        if (!key.verify(message, signature)) {
            return false;
        }
        synchronized (VERIFIED) {
            VERIFIED.put(entry, Boolean.TRUE);
        }
        return true;
    }

    /** {@link #verifies} for a base64 signature; false if it is not base64. */
    public static boolean verifiesBase64(Ed25519.VerifyingKey key, byte[] message, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            return verifies(key, message, Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Whether this verified signature is remembered now. */
    static boolean remembers(Ed25519.VerifyingKey key, byte[] message, byte[] signature) {
        ByteBuffer entry = entry(key, message, signature);
        synchronized (VERIFIED) {
            return VERIFIED.containsKey(entry);
        }
    }

    /** How many verified signatures are remembered now. */
    static int size() {
        synchronized (VERIFIED) {
            return VERIFIED.size();
        }
    }

    /** SHA-256 of a domain tag, the raw key, the signature's length and bytes, and the message. */
    private static ByteBuffer entry(Ed25519.VerifyingKey key, byte[] message, byte[] signature) {
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(DOMAIN);
        sha256.update(key.publicKey().getEncoded());
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(signature.length).array());
        sha256.update(signature);
        sha256.update(message);
        return ByteBuffer.wrap(sha256.digest());
    }
}
