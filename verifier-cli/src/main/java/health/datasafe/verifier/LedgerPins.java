package health.datasafe.verifier;

import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The options that pin the ledger a command checks against: its keys ({@code --public-key}), or its genesis document
 * ({@code --genesis}: every node's key, the hash block 0 links to, and the quorum), and how many of the pinned keys
 * must have signed a checkpoint ({@code --min-signers}, by default the genesis quorum, else 1).
 */
final class LedgerPins {

    @Option(names = "--public-key", paramLabel = "KEY",
            description = "an Ed25519 public key (PEM file) of the ledger; repeatable")
    List<String> publicKeys = new ArrayList<>();

    @Option(names = "--genesis", paramLabel = "FILE",
            description = "the ledger's genesis document (JSON): its nodes' keys are pinned, block 0 must link to its"
                    + " hash, and its quorum is the default --min-signers")
    String genesisFile;

    @Option(names = "--min-signers", paramLabel = "K",
            description = "how many of the pinned keys must have signed the checkpoint (default: the genesis quorum"
                    + " with --genesis, else 1)")
    Integer minSigners;

    /** What the options pin. */
    record Pinned(List<Ed25519.VerifyingKey> keys, String genesisHash, int minSigners) {
    }

    boolean pinnedAny() {
        return !publicKeys.isEmpty() || genesisFile != null;
    }

    /**
     * {@link #read}, for a command whose input ({@code what}) carries no key and is only worth checking against a
     * pinned one: a usage error when nothing is pinned.
     */
    Pinned required(CommandSpec spec, InputStream stdin, String what) {
        if (!pinnedAny()) {
            throw new ParameterException(spec.commandLine(), what + " is only worth checking against a pinned key:"
                    + " pass --public-key with the ledger's key, or --genesis with its genesis document");
        }
        return read(stdin);
    }

    /**
     * The pinned keys and rules.
     *
     * @throws IllegalArgumentException when --min-signers is below 1
     */
    Pinned read(InputStream stdin) {
        if (minSigners != null && minSigners < 1) {
            throw new IllegalArgumentException("--min-signers must be at least 1, not " + minSigners);
        }
        var keys = new ArrayList<>(PublicKeyFile.readAll(publicKeys, stdin));
        String genesisHash = Blocks.GENESIS_PREVIOUS_HASH;
        int required = minSigners == null ? 1 : minSigners;
        if (genesisFile != null) {
            Genesis genesis = Genesis.parse(new InputFile(genesisFile).bytes(stdin));
            keys.addAll(genesis.keys().keys());
            genesisHash = genesis.hash();
            required = minSigners == null ? genesis.quorum() : minSigners;
        }
        return new Pinned(List.copyOf(keys), genesisHash, required);
    }
}
