package health.datasafe.client;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code dsh key new|show|rotate|proof}: the user's key pair, its private half kept in her file; rotating it (signed by
 * the old key) and proving she holds a new one for an administrator's recovery.
 */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Makes or shows your key.")
final class KeyCommand {

    @ParentCommand
    private Dsh root;

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Writes a new Ed25519 key to --key-file (never over an existing one) and prints its public"
                    + " key (PEM) and key id.")
    int create() {
        return show(new KeyFile(root.keyFile).create());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the public key (PEM) and key id of the key in --key-file.")
    int show() {
        return show(new KeyFile(root.keyFile).read());
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Makes a new key in --new-key-file and replaces your registered key with it"
                    + " (POST /api/identities/{actor}/keys), signing the change with the key in --key-file. From then"
                    + " on, only the new key signs for you; keep or destroy the old file as you see fit.")
    int rotate(@Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
               @Option(names = "--role", required = true, paramLabel = "ROLE",
                       description = "your registered role: PATIENT, CLINICIAN or AUDITOR") Role role,
               @Option(names = "--new-key-file", required = true, paramLabel = "FILE",
                       description = "where the new key goes; never over an existing file") Path newKeyFile) {
        Ed25519.SigningKey old = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        String notAfter = root.notAfter().toString();
        Ed25519.SigningKey fresh = new KeyFile(newKeyFile).create();
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.PUBLIC_KEY, fresh.verifyingKey().toX509());
        metadata.put(Metadata.KEY_PROOF, KeyPossession.prove(fresh, actor, role.name()));
        metadata.put(Metadata.NOT_AFTER, notAfter);
        String signature = UserSignatures.sign(old, TransactionType.KEY_ROTATED, role == Role.PATIENT ? actor : null,
                actor, metadata);
        var body = new HashMap<String, String>(metadata);
        body.put("signature", signature);
        return root.answer(gateway.send("POST", "/api/identities/" + Gateway.segment(actor) + "/keys",
                CanonicalJson.of(body)));
    }

    @Command(name = "proof", mixinStandardHelpOptions = true,
            description = "Prints the public key of --key-file with its proof of possession for --actor as --role, as"
                    + " JSON: what you hand an administrator to recover your identity onto this key when you lost"
                    + " the old one (POST /api/identities/{actor}/key-recovery).")
    int proof(@Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
              @Option(names = "--role", required = true, paramLabel = "ROLE", description = "your registered role")
              Role role) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        root.out.println(new String(CanonicalJson.of(Map.of("publicKey", key.verifyingKey().toX509(),
                "keyProof", KeyPossession.prove(key, actor, role.name()))), StandardCharsets.UTF_8));
        return Dsh.DONE;
    }

    private int show(Ed25519.SigningKey key) {
        root.out.println("-----BEGIN PUBLIC KEY-----");
        root.out.println(key.verifyingKey().toX509());
        root.out.println("-----END PUBLIC KEY-----");
        root.out.println("key id " + key.verifyingKey().keyId() + ", private key in " + root.keyFile);
        return Dsh.DONE;
    }
}
