package health.datasafe.client;

import health.datasafe.contracts.Role;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dsh register}: registers the caller with her public key and the proof that she holds it (her key's
 * signature of the statement naming her, her role and the key; docs/ledger-format.md section 4e).
 */
@Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Registers you (POST /api/identities) with the public key of --key-file and its proof of"
                + " possession. --actor and --role must be your token's: they are part of what your key signs.")
final class RegisterCommand implements Callable<Integer> {

    @ParentCommand
    private Dsh root;

    @Option(names = "--actor", required = true, paramLabel = "ID", description = "your id, as your token names you")
    private String actor;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "your role, as your token says: PATIENT, CLINICIAN or AUDITOR")
    private Role role;

    @Override
    public Integer call() {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        byte[] body = CanonicalJson.of(Map.of("publicKey", key.verifyingKey().toX509(),
                "keyProof", KeyPossession.prove(key, actor, role.name())));
        return root.answer(gateway.send("POST", "/api/identities", body));
    }
}
