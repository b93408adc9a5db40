package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.contracts.TransactionValidated;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked example of docs/ledger-format.md: fixed keys from fixed seeds, three fixed transactions and the
 * genesis block of shard 0 that holds them, two more in block 1, the shard's log of five leaves, the checkpoint signed
 * after block 1 (three shards, the other two empty), a receipt for the fourth transaction and a bundle of block 1.
 * Everything is deterministic (Ed25519 signatures are), so the values in the document and the files in
 * src/test/resources/ledger-format are what this class computes.
 *
 * <p>{@code main} rewrites those files and prints the values, for when the format changes on purpose.
 */
final class LedgerFormatExample {

    static final String RESOURCES = "ledger-format";

    /** 00 01 02 ... 1f. */
    static final byte[] INITIATOR_SEED = counting(0x00);
    /** 20 21 22 ... 3f. */
    static final byte[] LEDGER_NODE_SEED = counting(0x20);
    /** 40 41 42 ... 5f. */
    static final byte[] VALIDATOR_SEED = counting(0x40);
    static final String VALIDATOR = "validator-1";
    /** 60 61 62 ... 7f and 80 81 82 ... 9f: the second and third node of the example genesis. */
    static final byte[] LEDGER_NODE_2_SEED = counting(0x60);
    static final byte[] LEDGER_NODE_3_SEED = counting(0x80);

    final Ed25519.SigningKey initiator = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(INITIATOR_SEED, 0));
    final Ed25519.SigningKey ledgerNode = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(LEDGER_NODE_SEED, 0));
    final Ed25519.SigningKey validator = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(VALIDATOR_SEED, 0));
    final Ed25519.SigningKey ledgerNode2 = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(LEDGER_NODE_2_SEED, 0));
    final Ed25519.SigningKey ledgerNode3 = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(LEDGER_NODE_3_SEED, 0));
    /** A three-node ledger of the same origin whose first node holds the ledger node key (section 4c). */
    final Genesis genesis = new Genesis(Genesis.VERSION, ORIGIN, List.of(
            new Genesis.Node("ledger-1", ledgerNode.verifyingKey().toX509()),
            new Genesis.Node("ledger-2", ledgerNode2.verifyingKey().toX509()),
            new Genesis.Node("ledger-3", ledgerNode3.verifyingKey().toX509())), 2);
    final List<Transaction> transactions;
    final List<String> txHashes;
    final List<String> leafHashes;
    final String node01;
    final String merkleRoot;
    final BlockHeader header;
    final String blockHash;
    final String blockSignature;

    /** The ledger's name: first line of its checkpoints and key name of their signature. */
    static final String ORIGIN = "datasafehealth.example/ledger";
    static final int SHARDS = 3;
    /** Block 1 of shard 0: transactions 3 and 4 (leaves 3 and 4 of the shard's log). */
    final List<Transaction> block1Transactions;
    final List<String> block1TxHashes;
    final List<String> block1LeafHashes;
    final BlockHeader header1;
    final String blockHash1;
    final String blockSignature1;
    /** The shard's log: the frontier before block 1 (size 3), every node stored, the root after block 1 (size 5). */
    final List<String> frontierBefore1;
    final Map<MerkleNode, byte[]> nodes = new HashMap<>();
    final String logRoot;
    final String checkpointNote;
    final Receipt receipt;
    final List<String> consistency3To5;
    final Bundle bundle;
    /** The validator's signed decision on tx-0, and its signed end of epoch 1 in shard 0 (the epoch of block 0). */
    final TransactionValidated decision0;
    final EpochEnded epochEnd;

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
        String validatorId = validator.verifyingKey().keyId();
        decision0 = Decisions.sign(TransactionValidated.unsigned(transactions.get(0), txHashes.get(0), VALIDATOR,
                Instant.parse("2026-03-14T09:26:53.640Z"), validatorId), validator);
        epochEnd = Decisions.sign(EpochEnded.unsigned(1, 0, header.timestamp(), VALIDATOR, validatorId), validator);

        var read = new LinkedHashMap<String, String>();
        read.put(Metadata.PURPOSE, Purpose.TREATMENT.name());
        read.put(Metadata.RECORD_ID, "r-1f4b7c2e");
        var accessed = new Transaction("8d4e2f61-3c7a-4b9e-a5d0-1f6c8e2b7a94", TransactionType.RECORD_ACCESSED,
                "patient-alice", "clinician-bob", Transactions.metadataHash(read), read,
                Instant.parse("2026-03-14T09:31:07.114Z"), keyId, null);
        var revoke = Map.of(Metadata.CONSENT_ID, "c7d2e4a1-6b3f-4a8e-b0c5-9f1e2d3c4b5a");
        var revoked = new Transaction("e1b7c3d9-5a2f-4c68-9e0b-7d3f1a6c2e58", TransactionType.CONSENT_REVOKED,
                "patient-alice", "patient-alice", Transactions.metadataHash(revoke), revoke,
                Instant.parse("2026-03-14T10:02:45.930Z"), keyId, null);
        block1Transactions = List.of(accessed, revoked).stream().map(tx -> Transactions.sign(tx, initiator)).toList();
        block1TxHashes = block1Transactions.stream().map(Transactions::hash).toList();
        block1LeafHashes = block1TxHashes.stream().map(h -> Hex.of(MerkleTree.leafHash(Hex.parseHash(h)))).toList();
        header1 = new BlockHeader(0, 1, blockHash, MerkleTree.rootHex(block1TxHashes), 2, 5,
                Instant.parse("2026-03-14T10:02:46.120Z"));
        blockHash1 = Blocks.hash(header1);
        blockSignature1 = Blocks.sign(blockHash1, ledgerNode);

        var log = LogFrontier.empty();
        List<String> leaves = new ArrayList<>(leafHashes);
        leaves.addAll(block1LeafHashes);
        List<String> before = null;
        for (int i = 0; i < leaves.size(); i++) {
            if (i == 3) {
                before = log.hashes().stream().map(Hex::of).toList();
            }
            log.append(Hex.parseHash(leaves.get(i))).forEach(node -> nodes.put(node.node(), node.hash()));
        }
        frontierBefore1 = before;
        logRoot = Hex.of(log.root());
        var shards = new ArrayList<Checkpoint.ShardLog>();
        shards.add(new Checkpoint.ShardLog(0, log.size(), logRoot));
        for (int shard = 1; shard < SHARDS; shard++) {
            shards.add(new Checkpoint.ShardLog(shard, 0, Hex.of(MerkleTree.emptyRoot())));
        }
        checkpointNote = new Checkpoint(ORIGIN, shards).sign(ledgerNode);
        receipt = new Receipt(accessed.id(), block1TxHashes.get(0), 0, 1, blockHash1, 3, 5,
                MerkleProofs.inclusion(3, 5, nodes::get).stream().map(Hex::of).toList(), checkpointNote);
        consistency3To5 = MerkleProofs.consistency(3, 5, nodes::get).stream().map(Hex::of).toList();
        var entries = new ArrayList<Bundle.Entry>();
        for (int i = 0; i < block1Transactions.size(); i++) {
            entries.add(new Bundle.Entry(3 + i, block1TxHashes.get(i),
                    new String(Transactions.canonical(block1Transactions.get(i)), StandardCharsets.UTF_8)));
        }
        var key = ledgerNode.verifyingKey();
        bundle = new Bundle(Bundle.FORMAT, ORIGIN, 0, 1, 1, frontierBefore1,
                List.of(new Bundle.Block(header1, blockHash1, key.keyId(), blockSignature1, entries)), checkpointNote,
                List.of(new Bundle.Key(key.keyId(), key.toX509())));
    }

    /** The hash of the perfect node of the example log at this level and index. */
    String node(int level, long index) {
        return Hex.of(nodes.get(new MerkleNode(level, index)));
    }

    /** receipt.json as the document shows it: indented, two spaces. */
    String receiptForDocument() {
        return pretty(MAPPER.readTree(receipt.toJson()));
    }

    /** bundle.json as the document shows it: indented, each transaction's canonical JSON replaced by its file name. */
    String bundleForDocument() {
        JsonNode tree = MAPPER.readTree(bundle.toJson());
        int i = 3;
        for (JsonNode entry : tree.get("blocks").get(0).get("transactions")) {
            ((ObjectNode) entry).put("canonical", "<the content of tx-" + i++ + ".json, as a JSON string>");
        }
        return pretty(tree);
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static String pretty(JsonNode tree) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree).replace("\" : ", "\": ")
                .replace("\r\n", "\n");
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
        for (int i = 0; i < block1Transactions.size(); i++) {
            files.put("tx-" + (3 + i) + ".json", Transactions.canonical(block1Transactions.get(i)));
        }
        files.put("block-1-header.json", CanonicalJson.of(header1));
        files.put("block-1.sig", blockSignature1.getBytes(StandardCharsets.US_ASCII));
        files.put("checkpoint.note", checkpointNote.getBytes(StandardCharsets.UTF_8));
        files.put("receipt.json", receipt.toJson());
        files.put("bundle.json", bundle.toJson());
        files.put("ledger-node.pub.pem", OpenSsl.pem("PUBLIC KEY", ledgerNode.verifyingKey().toX509()).getBytes(StandardCharsets.US_ASCII));
        files.put("initiator.pub.pem", OpenSsl.pem("PUBLIC KEY", initiator.verifyingKey().toX509()).getBytes(StandardCharsets.US_ASCII));
        files.put("validator.pub.pem", OpenSsl.pem("PUBLIC KEY", validator.verifyingKey().toX509()).getBytes(StandardCharsets.US_ASCII));
        files.put("decision-0.sig", decision0.signature().getBytes(StandardCharsets.US_ASCII));
        files.put("epoch-end.sig", epochEnd.signature().getBytes(StandardCharsets.US_ASCII));
        files.put("genesis.json", genesis.canonicalJson());
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
        for (int i = 0; i < block1TxHashes.size(); i++) {
            out.put("tx-hash-" + (3 + i), block1TxHashes.get(i));
            out.put("leaf-hash-" + (3 + i), block1LeafHashes.get(i));
        }
        out.put("block-1-hash", blockHash1);
        out.put("block-1-previous-hash", "match");
        out.put("block-1-signature", "Signature Verified Successfully");
        out.put("log-frontier-3", String.join(" ", frontierBefore1));
        out.put("log-root-5", logRoot);
        var parts = SignedNote.parse(checkpointNote);
        out.put("checkpoint-shard-0", "5 " + logRoot);
        out.put("checkpoint-log-root", "match");
        out.put("checkpoint-key-hash", Hex.of(parts.signatures().getFirst().keyHash()));
        out.put("checkpoint-key-hash-from-key", Hex.of(SignedNote.keyHash(ORIGIN, ledgerNode.verifyingKey())));
        out.put("checkpoint-signature", "Signature Verified Successfully");
        out.put("receipt-root", logRoot);
        out.put("receipt-proof", "match");
        out.put("validator-key-id", validator.verifyingKey().keyId());
        out.put("decision-0-signing-input-sha256", Sha256.hex(Decisions.signingInput(decision0)));
        out.put("decision-0-signature", "Signature Verified Successfully");
        out.put("epoch-end-signing-input-sha256", Sha256.hex(Decisions.signingInput(epochEnd)));
        out.put("epoch-end-signature", "Signature Verified Successfully");
        out.put("genesis-hash", genesis.hash());
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
        System.out.println("validator seed      " + Hex.of(VALIDATOR_SEED));
        System.out.println("validator PKCS#8    " + example.validator.toPkcs8());
        System.out.println("validator X.509     " + example.validator.verifyingKey().toX509());
        System.out.println("genesis             " + new String(example.genesis.canonicalJson(), StandardCharsets.UTF_8));
        System.out.println("genesis hash        " + example.genesis.hash());
        System.out.println("decision-0 signing input " + new String(Decisions.signingInput(example.decision0), StandardCharsets.UTF_8));
        System.out.println("epoch-end signing input  " + new String(Decisions.signingInput(example.epochEnd), StandardCharsets.UTF_8));
        System.out.println("tx-0 unsigned       " + new String(Transactions.signingInput(example.transactions.get(0)), StandardCharsets.UTF_8));
        System.out.println("metadata-0 hash     " + example.transactions.get(0).payloadHash());
        example.files().forEach((name, bytes) -> System.out.println(name + "\n" + new String(bytes, StandardCharsets.UTF_8)));
        System.out.println("frontier before block 1 " + example.frontierBefore1);
        for (int level = 0; level <= 2; level++) {
            for (long index = 0; index < 5 >> level; index++) {
                System.out.println("node level " + level + " index " + index + " " + example.node(level, index));
            }
        }
        System.out.println("inclusion proof of leaf 3 in 5 " + example.receipt.inclusionProof());
        System.out.println("consistency proof 3 -> 5 " + example.consistency3To5);
        System.out.println("checkpoint key hash " + Hex.of(SignedNote.keyHash(ORIGIN, example.ledgerNode.verifyingKey())));
        System.out.println("DSH-Receipt " + example.receipt.toHeader());
        System.out.println(example.receiptForDocument());
        System.out.println(example.bundleForDocument());
        example.expectedRecipeOutput().forEach((k, v) -> System.out.println(k + ": " + v));
    }
}
