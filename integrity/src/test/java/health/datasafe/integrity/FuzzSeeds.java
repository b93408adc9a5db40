package health.datasafe.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of the fuzz targets, by target (the {@code @FuzzTest} method of {@link IntegrityFuzzTest}): valid
 * inputs made with fixed keys, so they are the same in every run. Jazzer runs them in every build (regression mode,
 * from {@value #RESOURCES}/&lt;method&gt;/seed-N) and starts fuzzing from them; {@link FuzzTargetsMutationTest} mutates
 * them. {@code main} rewrites the files, for when a format changes on purpose.
 */
final class FuzzSeeds {

    static final String RESOURCES = "health/datasafe/integrity/IntegrityFuzzTestInputs";

    private FuzzSeeds() {
    }

    static Map<String, List<byte[]>> all() {
        var chain = new SignedChain(FuzzTargets.INITIATOR, FuzzTargets.LEDGER);
        for (int height = 0; height < 3; height++) {
            for (int shard = 0; shard < 2; shard++) {
                chain.next(shard, 1 + (height + shard) % 3);
            }
        }
        var seeds = new LinkedHashMap<String, List<byte[]>>();
        seeds.put("canonicalize", canonicalize(chain));
        seeds.put("checkpoint", checkpoint(chain));
        seeds.put("proof", proof());
        seeds.put("bundle", List.of(chain.bundle(0, 1, 2).toJson(), chain.bundle(1, 0, 0).toJson()));
        Receipt receipt = chain.receipt(1, 1, 0, 2);
        seeds.put("receipt", List.of(receipt.toJson(), receipt.toHeader().getBytes(StandardCharsets.US_ASCII)));
        return seeds;
    }

    private static List<byte[]> canonicalize(SignedChain chain) {
        var seeds = new ArrayList<byte[]>();
        for (String json : List.of("{\"b\":[true,false,null],\"a\":{\"\u00e9\":\"\\u00e9\\n\"}}", "[1e30,-0,0.002,4.50,1E-7,123456789012345680000]",
                "\"\\ud83d\\ude00 \\u2028\"", "{\"\\u0000\":\"\\u001f\",\"\\u007f\":1}", "  [ {} , [ ] ]  ")) {
            seeds.add(json.getBytes(StandardCharsets.UTF_8));
        }
        seeds.add(chain.block(0, 1).transactions().getFirst().canonicalJson());
        seeds.add(CanonicalJson.of(chain.block(0, 1).header()));
        return seeds;
    }

    private static List<byte[]> checkpoint(SignedChain chain) {
        String note = chain.checkpointAfter(0, 2);
        String witness = CheckpointTest.signedAnyway(SignedNote.parse(note).text(), "witness.example/w1",
                FuzzTargets.fixedKey("FuzzTargets witness"));
        return List.of(note.getBytes(StandardCharsets.UTF_8), chain.checkpointAfter(0, 0).getBytes(StandardCharsets.UTF_8),
                (note + witness.substring(witness.indexOf('\u2014'))).getBytes(StandardCharsets.UTF_8));
    }

    /** FuzzTargets.proof inputs: mode byte, two longs, then hashes (raw modes) or an int (honest modes). */
    private static List<byte[]> proof() {
        var seeds = new ArrayList<byte[]>();
        // raw: verify_test.go's proof of leaf 6 (index 5) in the tree of 8 reference leaves, and consistency 6 -> 8
        seeds.add(raw(0, 5, 8, MerkleTree.leafHash(MerkleTreeTest.LEAF_INPUTS.get(5)), Hex.parse(MerkleTreeTest.ROOT_HASHES.get(8)),
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        seeds.add(raw(1, 6, 8, Hex.parse(MerkleTreeTest.ROOT_HASHES.get(6)), Hex.parse(MerkleTreeTest.ROOT_HASHES.get(8)),
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        seeds.add(ByteBuffer.allocate(21).put((byte) 2).putLong(500).putLong(1336).putInt(-1).array());
        seeds.add(ByteBuffer.allocate(21).put((byte) 2).putLong(7).putLong(1999).putInt(300).array());
        seeds.add(ByteBuffer.allocate(21).put((byte) 3).putLong(777).putLong(1998).putInt(-1).array());
        seeds.add(ByteBuffer.allocate(21).put((byte) 3).putLong(3).putLong(4).putInt(513).array());
        return seeds;
    }

    private static byte[] raw(int mode, long a, long b, byte[] first, byte[] second, String... proof) {
        var out = ByteBuffer.allocate(17 + 32 * (2 + proof.length)).put((byte) mode).putLong(a).putLong(b).put(first).put(second);
        for (String hash : proof) {
            out.put(Hex.parse(hash));
        }
        return out.array();
    }

    /** Rewrites the seed files under src/test/resources (run from the module directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve(RESOURCES);
        for (var target : all().entrySet()) {
            Path dir = Files.createDirectories(root.resolve(target.getKey()));
            try (var old = Files.list(dir)) {
                for (Path file : old.filter(f -> f.getFileName().toString().startsWith("seed-")).toList()) {
                    Files.delete(file);
                }
            }
            for (int i = 0; i < target.getValue().size(); i++) {
                Files.write(dir.resolve("seed-" + i), target.getValue().get(i));
            }
        }
    }
}
