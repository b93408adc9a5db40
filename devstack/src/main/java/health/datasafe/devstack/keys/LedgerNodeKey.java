package health.datasafe.devstack.keys;

/**
 * One ledger node's name and Ed25519 key pair (base64 DER: PKCS#8 private, X.509 public).
 *
 * @param name       {@code ledger-1}, {@code ledger-2}, ...: the name the genesis lists its key under
 * @param privateKey its block and checkpoint signing key
 * @param publicKey  what readers of the ledger trust as this node
 */
public record LedgerNodeKey(String name, String privateKey, String publicKey) {

    /** The name of node {@code node}, counted from 1. */
    public static String name(int node) {
        return "ledger-" + node;
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "LedgerNodeKey[" + name + ", " + publicKey + "]";
    }
}
