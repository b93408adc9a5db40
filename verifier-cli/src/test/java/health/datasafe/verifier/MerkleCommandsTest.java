package health.datasafe.verifier;

import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** leaf-hash, root, inclusion and consistency: RFC 6962 vectors, a ledger's log, and every kind of bad input. */
class MerkleCommandsTest {

    /** transparency-dev/merkle testonly: leaf hashes of the 8 RFC 6962 test inputs. */
    private static final List<String> LEAF = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");
    /** The same file: roots of the trees of the first n inputs, n = 0..8. */
    private static final List<String> ROOT = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    private static final String N01 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125";
    private static final String N23 = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e";
    private static final String N45 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a";
    private static final String N67 = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0";
    private static final String N4567 = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4";
    private static final String N0123 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";

    @TempDir
    Path dir;

    private static Run inclusion(String leafHash, long index, long size, String root, String proof) {
        return Run.of("inclusion", "--leaf-hash", leafHash, "--index", Long.toString(index), "--tree-size",
                Long.toString(size), "--root", root, "--proof", proof);
    }

    private static Run consistency(long oldSize, long newSize, String oldRoot, String newRoot, String proof) {
        return Run.of("consistency", "--old-size", Long.toString(oldSize), "--new-size", Long.toString(newSize),
                "--old-root", oldRoot, "--new-root", newRoot, "--proof", proof);
    }

    private static String proof(List<byte[]> hashes) {
        return hashes.stream().map(Hex::of).collect(Collectors.joining(","));
    }

    @Test
    void leafHashIsTheRfc9162LeafHashOfTheTxHash() {
        var fixture = new LedgerFixture(3);
        byte[] txHash = fixture.txHashes.get(1);
        assertThat(Run.of("leaf-hash", Hex.of(txHash)).valid().out()).isEqualTo(Hex.of(MerkleTree.leafHash(txHash)) + "\n");
        assertThat(Run.of("leaf-hash", Hex.of(txHash).toUpperCase(Locale.ROOT)).valid().out())
                .isEqualTo(Hex.of(MerkleTree.leafHash(txHash)) + "\n");
    }

    @Test
    void leafHashRefusesWhatIsNotA32ByteHash() {
        Run.of("leaf-hash", "zz").unusable();
        Run.of("leaf-hash", LEAF.get(0).substring(2)).unusable();
        Run.of("leaf-hash", LEAF.get(0) + "00").unusable();
        Run.of("leaf-hash", "").unusable();
        Run.of("leaf-hash").unusable();
        Run.of("leaf-hash", LEAF.get(0), LEAF.get(1)).unusable();
    }

    @Test
    void rootOfALedgersTxHashesIsItsLogRootAndEachBlocksMerkleRoot() throws IOException {
        var fixture = new LedgerFixture(3, 1, 4);
        String lines = fixture.txHashes.stream().map(Hex::of).collect(Collectors.joining("\n", "", "\n"));
        Path file = Files.writeString(dir.resolve("hashes.txt"), lines);
        assertThat(Run.of("root", file.toString()).valid().out()).isEqualTo(fixture.logRoot(8) + "\n");

        var block = fixture.blocks.get(2);
        String blockLines = block.transactions().stream().map(e -> e.txHash()).collect(Collectors.joining("\n"));
        assertThat(Run.inProcess(blockLines.getBytes(StandardCharsets.UTF_8), "root", "-").valid().out())
                .isEqualTo(block.header().merkleRoot() + "\n");
    }

    @Test
    void rootAcceptsUppercaseCrlfAndTrailingBlankLinesAndPrintsLowercase() {
        var fixture = new LedgerFixture(5);
        String text = fixture.txHashes.stream().map(h -> Hex.of(h).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining("\r\n", "", "\r\n\r\n\n"));
        assertThat(Run.inProcess(text.getBytes(StandardCharsets.UTF_8), "root", "-").valid().out())
                .isEqualTo(fixture.logRoot(5) + "\n");
    }

    @Test
    void rootOfAnEmptyFileIsTheRootOfTheEmptyTree() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertThat(Run.of("root", empty.toString()).valid().out()).isEqualTo(ROOT.get(0) + "\n");
        assertThat(Run.inProcess("\n".getBytes(StandardCharsets.UTF_8), "root", "-").valid().out()).isEqualTo(ROOT.get(0) + "\n");
    }

    @Test
    void rootNamesTheLineThatIsNotAHash() {
        var fixture = new LedgerFixture(3);
        List<String> lines = fixture.txHashes.stream().map(Hex::of).toList();
        String badSecond = lines.get(0) + "\n" + lines.get(1).substring(1) + "\n" + lines.get(2) + "\n";
        assertThat(Run.inProcess(badSecond.getBytes(StandardCharsets.UTF_8), "root", "-").unusable().stderr())
                .contains("line 2");
        String notHex = lines.get(0) + "\n" + lines.get(1) + "\n" + "x".repeat(64) + "\n";
        assertThat(Run.inProcess(notHex.getBytes(StandardCharsets.UTF_8), "root", "-").unusable().stderr())
                .contains("line 3");
        String gap = lines.get(0) + "\n\n" + lines.get(1) + "\n";
        assertThat(Run.inProcess(gap.getBytes(StandardCharsets.UTF_8), "root", "-").unusable().stderr())
                .contains("line 2");
        Run.of("root", dir.resolve("missing.txt").toString()).unusable();
        Run.of("root", dir.toString()).unusable();
        Run.inProcess(new byte[] {(byte) 0xff, '\n'}, "root", "-").unusable();
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @CsvSource(delimiter = ';', value = {
            "0;8;" + "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7," + N23 + "," + N4567,
            "5;8;" + "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b," + N67 + "," + N0123,
            "2;3;" + N01,
            "1;5;" + "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d," + N23 + ","
                    + "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})
    void publishedInclusionProofsVerify(int index, int size, String proof) {
        assertThat(inclusion(LEAF.get(index), index, size, ROOT.get(size), proof).valid().out())
                .startsWith("valid: leaf " + index + " of the tree of size " + size + " with root " + ROOT.get(size));
        inclusion(LEAF.get(index).toUpperCase(Locale.ROOT), index, size, ROOT.get(size).toUpperCase(Locale.ROOT),
                proof.toUpperCase(Locale.ROOT)).valid();
    }

    @Test
    void aSingleLeafTreeHasTheEmptyProof() {
        inclusion(LEAF.get(0), 0, 1, ROOT.get(1), "").valid();
    }

    @Test
    void everyInclusionProofOfALedgersLogVerifies() {
        var fixture = new LedgerFixture(2, 3, 2);
        for (int index = 0; index < 7; index++) {
            String proof = proof(MerkleProofs.inclusion(index, 7, fixture.log()));
            inclusion(Hex.of(fixture.leafHashes().get(index)), index, 7, fixture.logRoot(7), proof).valid();
        }
    }

    @Test
    void anInclusionProofThatDoesNotLeadToTheRootIsInvalid() {
        String proof = String.join(",", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", N23, N4567);
        String stderr = inclusion(LEAF.get(0), 0, 8, ROOT.get(7), proof).invalid().stderr();
        assertThat(stderr).contains("leaf 0", "size 8", ROOT.get(7), ROOT.get(8));
        inclusion(LEAF.get(1), 0, 8, ROOT.get(8), proof).invalid();
        inclusion(LEAF.get(0), 1, 8, ROOT.get(8), proof).invalid();
        inclusion(LEAF.get(0), 0, 8, ROOT.get(8), String.join(",", N23, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", N4567)).invalid();
    }

    @Test
    void anInclusionProofOfTheWrongLengthIsInvalidAndSaysSo() {
        String proof = String.join(",", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", N23);
        assertThat(inclusion(LEAF.get(0), 0, 8, ROOT.get(8), proof).invalid().stderr()).contains("2 hashes", "needs 3");
        inclusion(LEAF.get(0), 0, 8, ROOT.get(8), proof + "," + N4567 + "," + N4567).invalid();
        inclusion(LEAF.get(0), 0, 8, ROOT.get(8), "").invalid();
    }

    @Test
    void inclusionRefusesIndicesAndSizesOutOfRange() {
        String proof = String.join(",", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", N23, N4567);
        assertThat(inclusion(LEAF.get(0), 8, 8, ROOT.get(8), proof).unusable().stderr()).contains("--index 8", "--tree-size 8");
        inclusion(LEAF.get(0), -1, 8, ROOT.get(8), proof).unusable();
        inclusion(LEAF.get(0), 0, 0, ROOT.get(0), "").unusable();
        inclusion(LEAF.get(0), 0, -3, ROOT.get(8), proof).unusable();
        Run.of("inclusion", "--leaf-hash", LEAF.get(0), "--index", "one", "--tree-size", "8", "--root", ROOT.get(8),
                "--proof", proof).unusable();
        Run.of("inclusion", "--leaf-hash", LEAF.get(0), "--index", "99999999999999999999", "--tree-size", "8", "--root",
                ROOT.get(8), "--proof", proof).unusable();
    }

    @Test
    void inclusionRefusesMalformedHashesNamingTheOption() {
        String proof = String.join(",", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", N23, N4567);
        assertThat(inclusion("g" + LEAF.get(0).substring(1), 0, 8, ROOT.get(8), proof).unusable().stderr()).contains("--leaf-hash");
        assertThat(inclusion(LEAF.get(0), 0, 8, ROOT.get(8).substring(2), proof).unusable().stderr()).contains("--root");
        assertThat(inclusion(LEAF.get(0), 0, 8, ROOT.get(8), proof.replace(N23, N23.substring(1))).unusable().stderr())
                .contains("--proof", "proof hash 2 of 3");
        assertThat(inclusion(LEAF.get(0), 0, 8, ROOT.get(8), proof + ",").unusable().stderr()).contains("proof hash 4 of 4");
        Run.of("inclusion", "--leaf-hash", LEAF.get(0), "--index", "0", "--tree-size", "8", "--root", ROOT.get(8)).unusable();
        Run.of("inclusion", "--leaf-hash", LEAF.get(0), "--index", "0", "--tree-size", "8", "--root", ROOT.get(8),
                "--proof", proof, "--unknown").unusable();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource(delimiter = ';', value = {
            "1;8;96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7," + N23 + "," + N4567,
            "6;8;" + N45 + "," + N67 + "," + N0123,
            "2;5;" + N23 + ",bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})
    void publishedConsistencyProofsVerify(int oldSize, int newSize, String proof) {
        assertThat(consistency(oldSize, newSize, ROOT.get(oldSize), ROOT.get(newSize), proof).valid().out())
                .isEqualTo("valid: the tree of size %d with root %s is a prefix of the tree of size %d with root %s\n"
                        .formatted(oldSize, ROOT.get(oldSize), newSize, ROOT.get(newSize)));
    }

    @Test
    void consistencyFromEmptyOrToTheSameSizeTakesTheEmptyProof() {
        consistency(0, 8, ROOT.get(0), ROOT.get(8), "").valid();
        consistency(8, 8, ROOT.get(8), ROOT.get(8), "").valid();
        consistency(8, 8, ROOT.get(8), ROOT.get(7), "").invalid();
    }

    @Test
    void everyConsistencyProofOfALedgersLogVerifies() {
        var fixture = new LedgerFixture(4, 1, 6);
        for (int oldSize = 0; oldSize <= 11; oldSize++) {
            String proof = proof(MerkleProofs.consistency(oldSize, 11, fixture.log()));
            consistency(oldSize, 11, fixture.logRoot(oldSize), fixture.logRoot(11), proof).valid();
        }
    }

    @Test
    void aConsistencyProofOfARewrittenHistoryIsInvalid() {
        String proof = String.join(",", N45, N67, N0123);
        assertThat(consistency(6, 8, ROOT.get(5), ROOT.get(8), proof).invalid().stderr())
                .contains("tree size 6 to 8", ROOT.get(5));
        consistency(6, 8, ROOT.get(6), ROOT.get(7), proof).invalid();
        consistency(6, 8, ROOT.get(6), ROOT.get(8), String.join(",", N45, N67)).invalid();
        consistency(6, 8, ROOT.get(6), ROOT.get(8), String.join(",", N67, N45, N0123)).invalid();
        consistency(0, 8, ROOT.get(0), ROOT.get(8), N45).invalid();
    }

    @Test
    void consistencyRefusesSizesOutOfRangeAndMalformedHashes() {
        String proof = String.join(",", N45, N67, N0123);
        assertThat(consistency(8, 6, ROOT.get(8), ROOT.get(6), proof).unusable().stderr()).contains("--old-size 8", "--new-size 6");
        consistency(-1, 6, ROOT.get(0), ROOT.get(6), proof).unusable();
        assertThat(consistency(6, 8, "xyz", ROOT.get(8), proof).unusable().stderr()).contains("--old-root");
        assertThat(consistency(6, 8, ROOT.get(6), ROOT.get(8) + "ab", proof).unusable().stderr()).contains("--new-root");
        consistency(6, 8, ROOT.get(6), ROOT.get(8), proof.replace(',', ';')).unusable();
        Run.of("consistency", "--old-size", "6", "--new-size", "8").unusable();
    }
}
