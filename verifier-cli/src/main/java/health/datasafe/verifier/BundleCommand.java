package health.datasafe.verifier;

import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Verifies an exported bundle of one shard's blocks, offline. */
@Command(name = "bundle", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Verifies an exported bundle (datasafehealth-bundle/1) of one shard's blocks: every tx hash"
                + " recomputed from the stored canonical JSON, every block's Merkle root, hash, link to the block"
                + " before it and signature, then the shard's log root against the signed checkpoint.",
                "Pin the ledger's key with --public-key, or its genesis document with --genesis (its nodes' keys are"
                        + " then trusted, and block 0 must link to the genesis hash). Without either the keys inside the"
                        + " bundle are trusted, which only shows the bundle is consistent with itself; a warning says so"
                        + " on stderr.",
                "Output: one line `valid: bundle of ORIGIN, shard S, heights F to T: B blocks, N transactions, log size"
                        + " L, log root HEX`."})
final class BundleCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the bundle's JSON, - for standard input")
    private String file;

    @Mixin
    private LedgerPins pins = new LedgerPins();

    @Override
    public Integer call() {
        LedgerPins.Pinned pinned = pins.read(root.in);
        Bundle bundle = Bundle.parse(new InputFile(file).bytes(root.in));
        List<Ed25519.VerifyingKey> trusted = pinned.keys().isEmpty() ? keysInside(bundle) : pinned.keys();
        BundleVerifier.Verified verified = BundleVerifier.verify(bundle, trusted, pinned.genesisHash());
        Checkpoint.verifyQuorum(bundle.checkpoint(), trusted, pinned.minSigners());
        root.out.println("valid: bundle of %s, shard %d, heights %d to %d: %d blocks, %d transactions, log size %d, log root %s"
                .formatted(verified.origin(), verified.shard(), verified.fromHeight(), verified.toHeight(),
                        verified.blocks(), verified.transactions(), verified.logSize(), verified.logRoot()));
        if (pinned.keys().isEmpty()) {
            root.err.println("dsh-verify bundle: warning: the keys were not pinned: trusted the bundle's own key(s) %s;"
                    .formatted(String.join(", ", trusted.stream().map(Ed25519.VerifyingKey::keyId).toList()))
                    + " pass --public-key with the ledger's key, or --genesis, to know the ledger signed it");
        }
        return DshVerify.VALID;
    }

    private List<Ed25519.VerifyingKey> keysInside(Bundle bundle) {
        if (bundle.keys().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "the bundle carries no public keys: pass --public-key");
        }
        var keys = new ArrayList<Ed25519.VerifyingKey>();
        for (Bundle.Key key : bundle.keys()) {
            try {
                keys.add(Ed25519.VerifyingKey.fromX509(key.publicKey()));
            } catch (IllegalArgumentException e) {
                throw new Bundle.BundleMalformed("key " + key.keyId() + " in the bundle: " + e.getMessage());
            }
        }
        return keys;
    }
}
