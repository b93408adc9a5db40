package health.datasafe.devstack.keys;

import health.datasafe.integrity.Ed25519;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keys the devstack hands to the services, generated once and kept in a directory so a restarted stack signs
 * and decrypts with the same keys: the transaction initiator's, the validator's and each ledger node's Ed25519 keys
 * (base64 DER: PKCS#8 private, X.509 public) with the ledger's genesis document ({@link LedgerKeys}), and the vault's
 * 32-byte master key (base64). Private key files are readable by their owner only; the public keys are also written
 * beside them for {@code openssl pkey -pubin}.
 *
 * @param initiatorPrivateKey the transaction-service's signing key
 * @param initiatorPublicKey  what validator and ledger trust as the initiator
 * @param validatorPrivateKey the validator's key for signing decisions and epoch ends
 * @param validatorPublicKey  what ledger and transaction-service trust as the validator
 * @param ledger              the ledger nodes' keys and the genesis document listing them
 * @param vaultMasterKey      the key wrapping the per-patient keys of the record vault
 */
public record DevstackKeys(String initiatorPrivateKey, String initiatorPublicKey,
                           String validatorPrivateKey, String validatorPublicKey,
                           LedgerKeys ledger, String vaultMasterKey) {

    static final String INITIATOR_FILE = "initiator.pkcs8";
    static final String VALIDATOR_FILE = "validator.pkcs8";
    static final String LEDGER_FILE = LedgerKeys.keyFile(1);
    static final String VAULT_FILE = "vault-master.key";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keys with a ledger of one node without a genesis document (as data directories from before them keep it). */
    public DevstackKeys(String initiatorPrivateKey, String initiatorPublicKey, String validatorPrivateKey,
                        String validatorPublicKey, String ledgerPrivateKey, String ledgerPublicKey, String vaultMasterKey) {
        this(initiatorPrivateKey, initiatorPublicKey, validatorPrivateKey, validatorPublicKey,
                LedgerKeys.withoutGenesis(new LedgerNodeKey(LedgerNodeKey.name(1), ledgerPrivateKey, ledgerPublicKey)),
                vaultMasterKey);
    }

    /**
     * Reads the keys kept in {@code directory}, generating (and keeping) each one that is absent; the ledger's as
     * {@link LedgerKeys#loadOrCreate} says, with {@code ledgerNodes} nodes ({@link LedgerKeys#AS_KEPT}: as many as
     * it keeps, {@value LedgerKeys#DEFAULT_NODES} for a new ledger).
     *
     * @throws KeptLedgerDiffers when the kept ledger is not one of {@code ledgerNodes} nodes, or its keys are not
     *                           the ones its genesis lists
     */
    public static DevstackKeys loadOrCreate(Path directory, int ledgerNodes) {
        try {
            Files.createDirectories(directory);
            Ed25519.SigningKey initiator = signingKey(directory.resolve(INITIATOR_FILE));
            Ed25519.SigningKey validator = signingKey(directory.resolve(VALIDATOR_FILE));
            LedgerKeys ledger = LedgerKeys.loadOrCreate(directory, ledgerNodes);
            String vault = secret(directory.resolve(VAULT_FILE));
            String initiatorPublic = initiator.verifyingKey().toX509();
            String validatorPublic = validator.verifyingKey().toX509();
            Files.writeString(directory.resolve("initiator.pub"), initiatorPublic + "\n");
            Files.writeString(directory.resolve("validator.pub"), validatorPublic + "\n");
            return new DevstackKeys(initiator.toPkcs8(), initiatorPublic, validator.toPkcs8(), validatorPublic, ledger, vault);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep keys in " + directory, e);
        }
    }

    /** Ledger node 1's block signing key. */
    public String ledgerPrivateKey() {
        return ledger.node(1).privateKey();
    }

    /** What readers trust as ledger node 1 (with a genesis, they trust every node it lists). */
    public String ledgerPublicKey() {
        return ledger.node(1).publicKey();
    }

    static Ed25519.SigningKey signingKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return Ed25519.SigningKey.fromPkcs8(Files.readString(file, StandardCharsets.US_ASCII).strip());
        }
        Ed25519.SigningKey key = Ed25519.SigningKey.generate();
        writePrivate(file, key.toPkcs8());
        return key;
    }

    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (Base64.getDecoder().decode(kept).length != 32) {
                throw new IllegalStateException(file + " does not hold 32 bytes in base64");
            }
            return kept;
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        writePrivate(file, encoded);
        return encoded;
    }

    /**
     * Writes {@code content} (ASCII) and a newline to {@code file}, readable by its owner only, replacing it whole: a
     * temporary file beside it, then an atomic move.
     */
    public static void writePrivate(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, content + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Never prints the private keys. */
    @Override
    public String toString() {
        return "DevstackKeys[initiator=" + initiatorPublicKey + ", validator=" + validatorPublicKey + ", ledger="
                + ledger.nodes() + "]";
    }
}
