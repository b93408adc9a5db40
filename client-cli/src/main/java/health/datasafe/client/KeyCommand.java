package health.datasafe.client;

import health.datasafe.integrity.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dsh key new} and {@code dsh key show}: the user's key pair, its private half kept in her file. */
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

    private int show(Ed25519.SigningKey key) {
        root.out.println("-----BEGIN PUBLIC KEY-----");
        root.out.println(key.verifyingKey().toX509());
        root.out.println("-----END PUBLIC KEY-----");
        root.out.println("key id " + key.verifyingKey().keyId() + ", private key in " + root.keyFile);
        return Dsh.DONE;
    }
}
