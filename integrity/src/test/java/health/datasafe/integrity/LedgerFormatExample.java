package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked example of docs/ledger-format.md: fixed keys from fixed seeds, three fixed transactions and the
 * genesis block of shard 0 that holds them. Everything is deterministic (Ed25519 signatures are), so the values
 * in the document and the files in src/test/resources/ledger-format are what this class computes.
 *
 * <p>{@code main} rewrites those files and prints the values, for when the format changes on purpose.
 */
final class LedgerFormatExample {

    static final String RESOURCES = "ledger-format";

    /** 00 01 02 ... 1f. */
    static final byte[] INITIATOR_SEED = counting(0x00);
    /** 20 21 22 ... 3f. */
    static final byte[] LEDGER_NODE_SEED = counting(0x20);

    final Ed25519.SigningKey initiator = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(INITIATOR_SEED, 0));
    final Ed25519.SigningKey ledgerNode = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(LEDGER_NODE_SEED, 0));
    final List<Transaction> transactions;
    final List<String> txHashes;
    final List<String> leafHashes;
    final String node01;
    final String merkleRoot;
    final BlockHeader header;
    final String blockHash;
    final String blockSignature;

    LedgerFormatExample() {
        String keyId = initiator.verifyingKey().keyId();

        var identity = Map.of(Metadata.ROLE, Role.PATIENT.name());
        var registered = new Transaction("0b6f8c9e-2d1a-4e53-9c47-5a0e3f7d1b21", TransactionType.IDENTITY_REGISTERED,
                "patient-alice", "patient-alice", Transactions.metadataHash(identity), identity,
                Instant.parse("2026-03-14T09:26:53.589Z"), keyId, null);

        var consent = new LinkedHashMap<String, String>();
        consent.put(Metadata.CONSENT_ID, "c7d2e4a1-6b3f-4a8e-b0c5-9f1e2d3c4b5a");
        consent.put(Metadata.GRANTEE, "clinician-bob");
        consent.put(Metadata.ACTION, "read");
        consent.put(Metadata.PURPOSE, Purpose.TREATMENT.name());
        consent.put(Metadata.VALID_FROM, "2026-03-14T00:00:00Z");
        consent.put(Metadata.VALID_UNTIL, "2026-06-14T00:00:00Z");
        var granted = new Transaction("3a9d7f10-8c2b-4f6e-a1d4-7e5b9c0f2a63", TransactionType.CONSENT_GRANTED,
                "patient-alice", "patient-alice", Transactions.metadataHash(consent), consent,
                Instant.parse("2026-03-14T09:26:53.802Z"), keyId, null);

        byte[] salt = Hex.parse("404142434445464748494a4b4c4d4e4f");
        byte[] ciphertext = "example ciphertext, not health data".getBytes(StandardCharsets.US_ASCII);
        var added = new Transaction("5e2c1b84-0f9a-4d37-8b6e-c3a1d0f4e795", TransactionType.RECORD_ADDED,
                "patient-alice", "clinician-bob", Sha256.hex(salt, ciphertext),
                Map.of(Metadata.RECORD_ID, "r-1f4b7c2e", Metadata.CONTENT_TYPE, "application/fhir+json"),
                Instant.parse("2026-03-14T09:26:54.017Z"), keyId, null);

        transactions = List.of(registered, granted, added).stream().map(tx -> Transactions.sign(tx, initiator)).toList();
        txHashes = transactions.stream().map(Transactions::hash).toList();
        leafHashes = txHashes.stream().map(h -> Hex.of(MerkleTree.leafHash(Hex.parseHash(h)))).toList();
        node01 = Hex.of(MerkleTree.nodeHash(Hex.parseHash(leafHashes.get(0)), Hex.parseHash(leafHashes.get(1))));
        merkleRoot = MerkleTree.rootHex(txHashes);
        header = new BlockHeader(0, 0, Blocks.GENESIS_PREVIOUS_HASH, merkleRoot, 3, 3, Instant.parse("2026-03-14T09:26:54.250Z"));
        blockHash = Blocks.hash(header);
        blockSignature = Blocks.sign(blockHash, ledgerNode);
    }

    private static byte[] counting(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    /** The example's input files, by name, as the recipe of docs/ledger-format.md reads them. */
    Map<String, byte[]> files() {
        var files = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < transactions.size(); i++) {
            files.put("tx-" + i + ".json", Transactions.canonical(transactions.get(i)));
        }
        files.put("block-header.json", CanonicalJson.of(header));
        files.put("block.sig", blockSignature.getBytes(StandardCharsets.US_ASCII));
        files.put("ledger-node.pub.pem", OpenSsl.pem("PUBLIC KEY", ledgerNode.verifyingKey().toX509()).getBytes(StandardCharsets.US_ASCII));
        files.put("initiator.pub.pem", OpenSsl.pem("PUBLIC KEY", initiator.verifyingKey().toX509()).getBytes(StandardCharsets.US_ASCII));
        return files;
    }

    /** What the recipe prints, line by line as "name: value", computed here in Java. */
    Map<String, String> expectedRecipeOutput() {
        var out = new LinkedHashMap<String, String>();
        out.put("initiator-key-id", initiator.verifyingKey().keyId());
        out.put("ledger-node-key-id", ledgerNode.verifyingKey().keyId());
        out.put("ledger-node-public-key", ledgerNode.verifyingKey().toX509());
        for (int i = 0; i < txHashes.size(); i++) {
            out.put("tx-hash-" + i, txHashes.get(i));
        }
        out.put("tx-0-payload-hash", Transactions.metadataHash(transactions.get(0).metadata()));
        out.put("tx-0-signing-input-sha256", Sha256.hex(Transactions.signingInput(transactions.get(0))));
        out.put("tx-0-signature", "Signature Verified Successfully");
        for (int i = 0; i < leafHashes.size(); i++) {
            out.put("leaf-hash-" + i, leafHashes.get(i));
        }
        out.put("node-hash-0-1", node01);
        out.put("merkle-root", merkleRoot);
        out.put("header-merkle-root", "match");
        out.put("block-hash", blockHash);
        out.put("block-hash-from-fields", blockHash);
        out.put("block-signature", "Signature Verified Successfully");
        return out;
    }

    /** Rewrites src/test/resources/ledger-format and prints the values the document shows. */
    public static void main(String[] args) throws IOException {
        var example = new LedgerFormatExample();
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/" + RESOURCES);
        Files.createDirectories(dir);
        for (var file : example.files().entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        System.out.println("initiator seed      " + Hex.of(INITIATOR_SEED));
        System.out.println("initiator PKCS#8    " + example.initiator.toPkcs8());
        System.out.println("initiator X.509     " + example.initiator.verifyingKey().toX509());
        System.out.println("ledger node seed    " + Hex.of(LEDGER_NODE_SEED));
        System.out.println("ledger node PKCS#8  " + example.ledgerNode.toPkcs8());
        System.out.println("ledger node X.509   " + example.ledgerNode.verifyingKey().toX509());
        System.out.println("tx-0 unsigned       " + new String(Transactions.signingInput(example.transactions.get(0)), StandardCharsets.UTF_8));
        System.out.println("metadata-0 hash     " + example.transactions.get(0).payloadHash());
        example.files().forEach((name, bytes) -> System.out.println(name + "\n" + new String(bytes, StandardCharsets.UTF_8)));
        example.expectedRecipeOutput().forEach((k, v) -> System.out.println(k + ": " + v));
    }
}
