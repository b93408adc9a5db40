package health.datasafe.integrity;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the shell recipe of docs/ledger-format.md, exactly as the document shows it, on the example files in
 * src/test/resources/ledger-format, with a PATH holding only the tools the document allows, and compares what it
 * prints with what the Java code computes. Also checks that the files and the values shown in the document are
 * the ones the code computes today, so neither can drift from the code.
 */
class LedgerFormatRecipeTest {

    private static final List<String> REQUIRED_TOOLS = List.of("sha256sum", "xxd", "openssl", "base64");
    private static final Set<String> JQ_STEPS = Set.of("tx-0-payload-hash", "tx-0-signing-input-sha256", "tx-0-signature");
    /** Example files the document shows indented (in the receipt and bundle blocks) rather than byte for byte. */
    private static final Set<String> SHOWN_INDENTED = Set.of("receipt.json", "bundle.json");

    private final LedgerFormatExample example = new LedgerFormatExample();

    @Test
    void exampleFilesAreWhatTheCodeComputes() throws IOException {
        for (var file : example.files().entrySet()) {
            assertThat(CanonicalJsonTest.resource(LedgerFormatExample.RESOURCES + "/" + file.getKey()))
                    .as("%s (regenerate with LedgerFormatExample.main if the format changed on purpose)", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void recipeFromTheDocumentPrintsWhatTheCodeComputes(@TempDir Path dir) throws Exception {
        boolean jq = Shell.onPath("jq");
        Map<String, String> printed = runRecipe(dir, jq);

        Map<String, String> expected = example.expectedRecipeOutput();
        if (!jq) {
            JQ_STEPS.forEach(step -> expected.put(step, "skipped (jq is not installed)"));
        }
        assertThat(printed).containsExactlyEntriesOf(expected);
    }

    @Test
    void withoutJqOnlyTheTransactionSignatureStepsAreSkipped(@TempDir Path dir) throws Exception {
        Map<String, String> printed = runRecipe(dir, false);

        Map<String, String> expected = example.expectedRecipeOutput();
        JQ_STEPS.forEach(step -> expected.put(step, "skipped (jq is not installed)"));
        assertThat(printed).containsExactlyEntriesOf(expected);
    }

    @Test
    void aChangedTransactionShowsAsAMerkleRootMismatchAndAChangedHeaderFailsTheSignature(@TempDir Path dir) throws Exception {
        copyExampleFiles(dir);
        Path tx = dir.resolve("tx-1.json");
        Files.writeString(tx, Files.readString(tx).replace("clinician-bob", "clinician-eve"));
        Path header = dir.resolve("block-header.json");
        Files.writeString(header, Files.readString(header).replace("\"logSize\":3", "\"logSize\":4"));

        Map<String, String> printed = runRecipeIn(dir, Shell.onPath("jq"));

        assertThat(printed.get("tx-hash-1")).isNotEqualTo(example.txHashes.get(1));
        assertThat(printed.get("header-merkle-root")).isEqualTo("MISMATCH");
        assertThat(printed.get("block-hash")).isNotEqualTo(example.blockHash);
        assertThat(printed.get("block-signature")).isEqualTo("Signature Verification Failure");
    }

    @Test
    void documentShowsTheValuesTheCodeComputes() throws IOException {
        String doc = Files.readString(document());

        List<String> expectedLines = new ArrayList<>();
        example.expectedRecipeOutput().forEach((name, value) -> expectedLines.add(name + ": " + value));
        assertThat(fenced(doc, "output").lines().toList()).isEqualTo(expectedLines);

        for (var file : example.files().entrySet()) {
            if (!file.getKey().endsWith(".pem") && !SHOWN_INDENTED.contains(file.getKey())) {
                assertThat(doc).as(file.getKey()).contains(new String(file.getValue(), StandardCharsets.UTF_8));
            }
        }
        assertThat(fenced(doc, "receipt")).isEqualTo(example.receiptForDocument() + "\n");
        assertThat(fenced(doc, "bundle")).isEqualTo(example.bundleForDocument() + "\n");
        assertThat(doc).contains(
                new String(Transactions.signingInput(example.transactions.getFirst()), StandardCharsets.UTF_8),
                Hex.of(LedgerFormatExample.INITIATOR_SEED), Hex.of(LedgerFormatExample.LEDGER_NODE_SEED),
                Hex.of(LedgerFormatExample.VALIDATOR_SEED), example.validator.toPkcs8(),
                example.validator.verifyingKey().toX509(),
                new String(Decisions.signingInput(example.decision0), StandardCharsets.UTF_8),
                new String(Decisions.signingInput(example.epochEnd), StandardCharsets.UTF_8),
                example.initiator.toPkcs8(), example.ledgerNode.toPkcs8(),
                example.initiator.verifyingKey().toX509(), example.ledgerNode.verifyingKey().toX509(),
                example.initiator.verifyingKey().keyId(), example.ledgerNode.verifyingKey().keyId(),
                example.blockSignature, example.blockHash, example.merkleRoot, example.node01);
        example.txHashes.forEach(hash -> assertThat(doc).contains(hash));
        example.leafHashes.forEach(hash -> assertThat(doc).contains(hash));
        example.block1TxHashes.forEach(hash -> assertThat(doc).contains(hash));
        example.block1LeafHashes.forEach(hash -> assertThat(doc).contains(hash));
        example.consistency3To5.forEach(hash -> assertThat(doc).contains(hash));
        assertThat(doc).contains(example.blockHash1, example.blockSignature1, example.logRoot, example.node(1, 1),
                example.node(2, 0), Hex.of(SignedNote.keyHash(LedgerFormatExample.ORIGIN, example.ledgerNode.verifyingKey())),
                "`" + example.frontierBefore1.get(0).substring(0, 8) + "…" + example.frontierBefore1.get(0).substring(60) + "`");
        assertThat(example.receipt.inclusionProof()).containsExactly(example.leafHashes.get(2), example.node01,
                example.block1LeafHashes.get(1));
        assertThat(example.consistency3To5).containsExactly(example.leafHashes.get(2), example.block1LeafHashes.get(0),
                example.node01, example.block1LeafHashes.get(1));
    }

    @Test
    void theExampleReceiptBundleAndCheckpointVerify() {
        var trusted = List.of(example.ledgerNode.verifyingKey());

        var checkpoint = example.receipt.verify(trusted);
        var verified = BundleVerifier.verify(Bundle.parse(example.bundle.toJson()), trusted);

        assertThat(checkpoint.shard(0).root()).isEqualTo(example.logRoot);
        assertThat(verified.logRoot()).isEqualTo(example.logRoot);
        assertThat(verified.logSize()).isEqualTo(5);
        assertThat(Receipt.fromHeader(example.receipt.toHeader())).isEqualTo(example.receipt);
        MerkleProofs.verifyConsistency(3, 5, example.consistency3To5.stream().map(Hex::parseHash).toList(),
                Hex.parseHash(example.merkleRoot), Hex.parseHash(example.logRoot));
        var chain = new ChainVerifier(id -> example.ledgerNode.verifyingKey().keyId().equals(id) ? example.ledgerNode.verifyingKey() : null);
        chain.verify(new StoredBlock(example.header, example.blockHash, example.ledgerNode.verifyingKey().keyId(), example.blockSignature,
                example.transactions.stream().map(SignedChain::stored).toList()));
        chain.verify(new StoredBlock(example.header1, example.blockHash1, example.ledgerNode.verifyingKey().keyId(),
                example.blockSignature1, example.block1Transactions.stream().map(SignedChain::stored).toList()));
        chain.verifyCheckpoint(checkpoint);
    }

    @Test
    void anAlteredCheckpointOrReceiptFailsInTheRecipe(@TempDir Path dir) throws Exception {
        copyExampleFiles(dir);
        Path note = dir.resolve("checkpoint.note");
        Files.writeString(note, Files.readString(note).replace("\n0 5 ", "\n0 6 "));
        Path receipt = dir.resolve("receipt.json");
        Files.writeString(receipt, Files.readString(receipt).replace("\"leafIndex\":3", "\"leafIndex\":2"));

        Map<String, String> printed = runRecipeIn(dir, false);

        assertThat(printed.get("checkpoint-signature")).isEqualTo("Signature Verification Failure");
        assertThat(printed.get("checkpoint-log-root")).isEqualTo("match");
        assertThat(printed.get("receipt-proof")).isEqualTo("MISMATCH");
        assertThat(printed.get("block-1-signature")).isEqualTo("Signature Verified Successfully");
    }

    private Map<String, String> runRecipe(Path dir, boolean withJq) throws Exception {
        copyExampleFiles(dir);
        return runRecipeIn(dir, withJq);
    }

    private static void copyExampleFiles(Path dir) throws IOException {
        for (String name : new LedgerFormatExample().files().keySet()) {
            Files.write(dir.resolve(name), CanonicalJsonTest.resource(LedgerFormatExample.RESOURCES + "/" + name));
        }
    }

    /** Runs the document's recipe with bash in the directory, with a PATH of only the allowed tools. */
    private static Map<String, String> runRecipeIn(Path dir, boolean withJq) throws Exception {
        for (String tool : REQUIRED_TOOLS) {
            Assumptions.assumeTrue(Shell.onPath(tool), tool + " is not installed: the recipe needs it");
        }
        Path recipe = dir.resolve("recipe.sh");
        Files.writeString(recipe, fenced(Files.readString(document()), "recipe"));
        Path bin = Files.createDirectories(dir.resolve("allowed-tools"));
        List<String> tools = new ArrayList<>(REQUIRED_TOOLS);
        if (withJq) {
            tools.add("jq");
        }
        String bash = Shell.locate("bash");
        for (String tool : tools) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!" + bash + "\nexec " + Shell.locate(tool) + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        }
        String output = Shell.run(dir, List.of(bash, recipe.toString()), Map.of("PATH", bin.toString()));
        Map<String, String> printed = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            int colon = line.indexOf(": ");
            assertThat(colon).as("recipe output line '%s' is 'name: value'", line).isPositive();
            assertThat(printed.put(line.substring(0, colon), line.substring(colon + 2))).as("printed twice: %s", line).isNull();
        }
        return printed;
    }

    /** The content of the fenced code block between {@code <!-- name:begin -->} and {@code <!-- name:end -->}. */
    static String fenced(String doc, String name) {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertThat(from).as("marker %s in docs/ledger-format.md", begin).isNotNegative();
        assertThat(to).as("marker %s after %s", end, begin).isGreaterThan(from);
        String between = doc.substring(from + begin.length(), to).strip();
        assertThat(between).as("a fenced block between the %s markers", name).startsWith("```").endsWith("```");
        return between.substring(between.indexOf('\n') + 1, between.length() - 3);
    }

    /** docs/ledger-format.md, found from the module directory (Maven runs tests there) or any directory below the repository. */
    static Path document() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/ledger-format.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/ledger-format.md not found above " + Path.of("").toAbsolutePath());
    }
}
