package health.datasafe.integrity;

import health.datasafe.contracts.Transaction;

/** How a transaction is signed and hashed (docs/ledger-format.md, "Transaction"). */
public final class Transactions {

    private Transactions() {
    }

    /** The bytes the initiator signs: canonical JSON of the transaction without its signature. */
    public static byte[] signingInput(Transaction tx) {
        return CanonicalJson.of(tx.unsigned());
    }

    /** The bytes the ledger stores and hashes: canonical JSON of the signed transaction. */
    public static byte[] canonical(Transaction tx) {
        return CanonicalJson.of(tx);
    }

    public static Transaction sign(Transaction unsigned, Ed25519.SigningKey key) {
        return unsigned.withSignature(key.signBase64(signingInput(unsigned)));
    }

    public static boolean signatureValid(Transaction tx, Ed25519.VerifyingKey key) {
        return tx.signature() != null && key.verifyBase64(signingInput(tx), tx.signature());
    }

    /** tx hash = SHA-256(canonical JSON of the signed transaction), lowercase hex. */
    public static String hash(Transaction tx) {
        return Sha256.hex(canonical(tx));
    }

    /** SHA-256 of the canonical JSON of the metadata: the payload hash of non-record transactions. */
    public static String metadataHash(java.util.Map<String, String> metadata) {
        return Sha256.hex(CanonicalJson.of(metadata));
    }
}
