package health.datasafe.integrity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Ed25519 public keys trusted for one role (the transaction initiators, the ledger nodes), by key id: whatever a
 * message names as its signer is looked up here, and a signer not in the set is not trusted, however well it signs.
 */
public final class TrustedKeys {

    private static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, Ed25519.VerifyingKey> byKeyId;

    private TrustedKeys(Map<String, Ed25519.VerifyingKey> byKeyId) {
        this.byKeyId = byKeyId;
    }

    public static TrustedKeys none() {
        return NONE;
    }

    /**
     * Reads base64 X.509 public keys; blank entries are skipped, and an unreadable key is a configuration error that
     * fails here, naming its place in the list.
     */
    public static TrustedKeys fromX509(Collection<String> base64X509Keys) {
        var keys = new LinkedHashMap<String, Ed25519.VerifyingKey>();
        int place = 0;
        for (String encoded : base64X509Keys) {
            place++;
            if (encoded == null || encoded.isBlank()) {
                continue;
            }
            try {
                var key = Ed25519.VerifyingKey.fromX509(encoded.trim());
                keys.put(key.keyId(), key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trusted key " + place + " is not a base64 X.509 Ed25519 public key: "
                        + e.getMessage(), e);
            }
        }
        return of(keys.values());
    }

    public static TrustedKeys of(Collection<Ed25519.VerifyingKey> keys) {
        var byKeyId = new LinkedHashMap<String, Ed25519.VerifyingKey>();
        keys.forEach(key -> byKeyId.put(key.keyId(), key));
        return byKeyId.isEmpty() ? NONE : new TrustedKeys(Collections.unmodifiableMap(byKeyId));
    }

    /** This set and {@code more}, this set's keys first. */
    public TrustedKeys and(Collection<Ed25519.VerifyingKey> more) {
        var all = new ArrayList<>(byKeyId.values());
        all.addAll(more);
        return of(all);
    }

    public boolean isEmpty() {
        return byKeyId.isEmpty();
    }

    public Set<String> keyIds() {
        return byKeyId.keySet();
    }

    public List<Ed25519.VerifyingKey> keys() {
        return List.copyOf(byKeyId.values());
    }

    public Optional<Ed25519.VerifyingKey> byKeyId(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(byKeyId.get(keyId));
    }

    /** Whether {@code signature} (base64) over {@code message} verifies with the trusted key {@code keyId}. */
    public boolean verifies(String keyId, byte[] message, String signature) {
        var key = byKeyId(keyId);
        if (key.isEmpty() || signature == null) {
            return false;
        }
        try {
            return key.get().verifyBase64(message, signature);
        } catch (RuntimeException unreadableSignature) {
            return false;
        }
    }

    @Override
    public String toString() {
        return byKeyId.keySet().toString();
    }
}
