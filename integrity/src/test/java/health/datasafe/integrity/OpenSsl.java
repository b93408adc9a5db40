package health.datasafe.integrity;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Runs the openssl command line tool for interoperability tests. */
final class OpenSsl {

    private OpenSsl() {
    }

    static boolean present() {
        return Shell.onPath("openssl");
    }

    static void assumePresent() {
        Assumptions.assumeTrue(present(), "openssl is not installed");
    }

    /** Runs openssl with the arguments in the directory; returns its standard output, fails on a non-zero exit. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return Shell.run(dir, command);
    }

    static String pem(String label, String base64Der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(Base64.getDecoder().decode(base64Der));
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The base64 body of the one PEM block with this label, without line breaks. */
    static String pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + label + " PEM block in: " + pem);
        }
        return pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    }
}
