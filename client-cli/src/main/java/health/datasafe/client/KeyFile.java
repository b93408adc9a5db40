package health.datasafe.client;

import health.datasafe.integrity.Ed25519;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's private key in a file: PKCS#8 PEM ("PRIVATE KEY", as {@code openssl genpkey -algorithm ed25519} writes
 * it), readable by her alone where the file system says so.
 */
record KeyFile(Path path) {

    private static final Pattern PEM = Pattern.compile("-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----",
            Pattern.DOTALL);

    /** Writes a new key; refuses to replace a file that exists (a lost key cannot sign again). */
    Ed25519.SigningKey create() {
        var key = Ed25519.SigningKey.generate();
        String base64 = key.toPkcs8();
        var pem = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        pem.append("-----END PRIVATE KEY-----\n");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions keeps its own defaults
            }
            Files.writeString(path, pem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new Dsh.Unusable(path + " exists: dsh does not replace a key (move it away first)");
        } catch (IOException e) {
            throw new Dsh.Unusable(path + " could not be written: " + e.getMessage());
        }
        return key;
    }

    Ed25519.SigningKey read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Dsh.Unusable("key file " + path + " cannot be read (" + e.getMessage()
                    + "); make one with `dsh key new`");
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new Dsh.Unusable("key file " + path + " holds no PEM PRIVATE KEY");
        }
        try {
            return Ed25519.SigningKey.fromPkcs8(pem.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new Dsh.Unusable("key file " + path + " holds no Ed25519 private key: " + e.getMessage());
        }
    }
}
