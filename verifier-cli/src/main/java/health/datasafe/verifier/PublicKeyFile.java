package health.datasafe.verifier;

import health.datasafe.integrity.Ed25519;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A --public-key file: a PEM "PUBLIC KEY" holding an Ed25519 X.509 SubjectPublicKeyInfo (as {@code openssl pkey
 * -pubout} writes it), or the bare base64 of the same DER bytes (as the services' settings hold keys).
 */
record PublicKeyFile(String name) {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    static List<Ed25519.VerifyingKey> readAll(List<String> names, InputStream stdin) {
        return names.stream().map(name -> new PublicKeyFile(name).read(stdin)).toList();
    }

    Ed25519.VerifyingKey read(InputStream stdin) {
        var file = new InputFile(name);
        String text = file.text(stdin).strip();
        String base64;
        if (text.contains("-----BEGIN")) {
            Matcher pem = PEM.matcher(text);
            if (!pem.find()) {
                throw new PublicKeyUnreadable(file.description(), "the PEM block has no matching END line");
            }
            if (!pem.group(1).equals("PUBLIC KEY")) {
                throw new PublicKeyUnreadable(file.description(), "it holds a " + pem.group(1) + ", not a PUBLIC KEY");
            }
            base64 = pem.group(2);
        } else {
            base64 = text;
        }
        if (base64.isBlank()) {
            throw new PublicKeyUnreadable(file.description(), "it is empty");
        }
        try {
            return Ed25519.VerifyingKey.fromX509(base64);
        } catch (IllegalArgumentException e) {
            throw new PublicKeyUnreadable(file.description(), e.getMessage());
        }
    }
}
