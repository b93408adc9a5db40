package health.datasafe.verifier;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointsInconsistent;
import health.datasafe.integrity.Cosignature;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A witness: cosigns a ledger checkpoint (c2sp.org/tlog-cosignature) once it is signed by the pinned ledger and
 * consistent with the last checkpoint this witness cosigned, kept in its state directory; refuses an inconsistent one
 * and keeps the evidence there.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Runs as an outside witness of the ledger (a partner hospital, a regulator): checks that"
                + " CHECKPOINT is signed by the pinned ledger (--public-key or --genesis, --min-signers) and that"
                + " every shard's log in it extends the one in the last checkpoint this witness cosigned"
                + " (STATE/latest.note), with the consistency proofs in --proofs (a JSON array of what"
                + " GET /api/ledger/proofs/consistency answers: {shard, from, to, proof}); then cosigns it"
                + " (cosignature/v1, Ed25519, key and name of this witness), keeps it as STATE/latest.note and prints"
                + " the cosignature line, which the ledger takes at POST /api/ledger/checkpoints/cosignatures.",
                "A checkpoint that does not extend the last one cosigned (a log shrank, another root at one size, a"
                        + " proof that fails) is refused with exit status 1, and both notes, the proofs and the reason"
                        + " are kept in STATE/evidence/.",
                "Output: the cosignature line `— NAME BASE64`."})
final class WitnessCommand implements Callable<Integer> {

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----",
            Pattern.DOTALL);
    private static final JsonMapper STRICT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static Clock clock = Clock.systemUTC();

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CHECKPOINT", description = "the signed checkpoint to cosign, - for standard input")
    private String file;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = "this witness's directory: the last checkpoint it cosigned, and evidence")
    private Path state;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "this witness's Ed25519 private key (PEM PRIVATE KEY, as openssl genpkey writes it)")
    private String keyFile;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "this witness's name, e.g. witness.hospital.example/w1")
    private String name;

    @Option(names = "--proofs", paramLabel = "FILE",
            description = "consistency proofs from the last cosigned checkpoint's sizes to this one's")
    private String proofsFile;

    @Mixin
    private LedgerPins pins = new LedgerPins();

    /** One shard's consistency proof as the ledger's API answers it. */
    record ShardProof(int shard, long from, long to, List<String> proof) {
    }

    @Override
    public Integer call() {
        if (!pins.pinnedAny()) {
            throw new ParameterException(spec.commandLine(), "a witness pins the ledger: pass --public-key or --genesis");
        }
        LedgerPins.Pinned pinned = pins.read(root.in);
        Ed25519.SigningKey key = privateKey();
        String note = new InputFile(file).text(root.in);
        Checkpoint newer = Checkpoint.verifyQuorum(note, pinned.keys(), pinned.minSigners()).checkpoint();
        Path latest = state.resolve("latest.note");
        if (Files.exists(latest)) {
            String last = read(latest);
            Checkpoint older = Checkpoint.parse(last);
            try {
                newer.verifyConsistentWith(older, proofs(older, newer));
            } catch (CheckpointsInconsistent inconsistent) {
                throw inconsistent.adding("evidence kept in " + keepEvidence(last, note, inconsistent));
            }
        }
        String line = Cosignature.line(note, name, key, clock.instant().getEpochSecond());
        write(latest, Cosignature.add(note, line));
        root.out.print(line);
        return DshVerify.VALID;
    }

    private Map<Integer, List<byte[]>> proofs(Checkpoint older, Checkpoint newer) {
        var proofs = new HashMap<Integer, List<byte[]>>();
        if (proofsFile == null) {
            return proofs;
        }
        byte[] json = new InputFile(proofsFile).bytes(root.in);
        ShardProof[] given;
        try {
            given = STRICT.readValue(json, ShardProof[].class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--proofs is not a JSON array of {shard, from, to, proof}: "
                    + e.getMessage());
        }
        for (ShardProof proof : given) {
            if (proof.shard() < older.shards().size() && proof.from() == older.shard(proof.shard()).size()
                    && proof.shard() < newer.shards().size() && proof.to() == newer.shard(proof.shard()).size()) {
                proofs.put(proof.shard(), proof.proof().stream().map(Hex::parseHash).toList());
            }
        }
        return proofs;
    }

    private Path keepEvidence(String last, String note, CheckpointsInconsistent inconsistent) {
        String proofs = "";
        if (proofsFile != null) {
            proofs = new String(new InputFile(proofsFile).bytes(root.in), StandardCharsets.UTF_8);
        }
        Path evidence = state.resolve("evidence").resolve(clock.instant().toEpochMilli() + "-shard-"
                + inconsistent.shard() + ".txt");
        write(evidence, "refused: " + inconsistent.getMessage() + "\n\n== last cosigned ==\n" + last
                + "\n== refused ==\n" + note + "\n== proofs ==\n" + proofs + "\n");
        return evidence;
    }

    private Ed25519.SigningKey privateKey() {
        String text = new InputFile(keyFile).text(root.in);
        Matcher pem = PRIVATE_KEY.matcher(text);
        String base64 = pem.find() ? pem.group(1) : text;
        try {
            return Ed25519.SigningKey.fromPkcs8(base64.replaceAll("\\s", ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--key " + keyFile + " is not an Ed25519 private key: " + e.getMessage());
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Writes through a temporary file and a move, so a crash leaves the old file or the new one. */
    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
