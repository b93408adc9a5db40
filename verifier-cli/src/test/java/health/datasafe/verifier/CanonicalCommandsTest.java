package health.datasafe.verifier;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Transactions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** canonicalize and tx-hash: the RFC 8785 bytes and their SHA-256, as integrity computes them. */
class CanonicalCommandsTest {

    @TempDir
    Path dir;

    @Test
    void canonicalizePrintsTheRfc8785BytesAndNothingElse() throws IOException {
        String json = "{ \"b\" : 2,\n \"a\": [1.0, 1e2, \"\\u00e9\", -0.0, 1E-7],\n \"c\": {\"z\": null, \"y\": true} }\n";
        Path file = Files.writeString(dir.resolve("doc.json"), json);
        byte[] expected = "{\"a\":[1,100,\"é\",0,1e-7],\"b\":2,\"c\":{\"y\":true,\"z\":null}}".getBytes(StandardCharsets.UTF_8);
        assertThat(Run.of("canonicalize", file.toString()).valid().stdout())
                .isEqualTo(expected)
                .isEqualTo(CanonicalJson.canonicalize(json));
        assertThat(Run.inProcess(json.getBytes(StandardCharsets.UTF_8), "canonicalize", "-").valid().stdout()).isEqualTo(expected);
    }

    @Test
    void canonicalizeOfAStoredTransactionGivesItBackUnchanged() {
        var fixture = new LedgerFixture(1);
        byte[] canonical = Transactions.canonical(fixture.transactions.getFirst());
        assertThat(Run.inProcess(canonical, "canonicalize", "-").valid().stdout()).isEqualTo(canonical);
    }

    @Test
    void txHashOfATransactionInAnyLayoutIsItsLedgerTxHash() throws IOException {
        var fixture = new LedgerFixture(2);
        var tx = fixture.transactions.get(1);
        String pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(JsonMapper.builder().build().readTree(Transactions.canonical(tx)));
        assertThat(pretty).contains("\n  ");
        Path file = Files.writeString(dir.resolve("tx.json"), pretty);
        assertThat(Run.of("tx-hash", file.toString()).valid().out()).isEqualTo(Transactions.hash(tx) + "\n");
        assertThat(Run.inProcess(Transactions.canonical(tx), "tx-hash", "-").valid().out()).isEqualTo(Transactions.hash(tx) + "\n");
    }

    @Test
    void malformedJsonIsRefusedByBoth() {
        for (String command : new String[] {"canonicalize", "tx-hash"}) {
            for (String json : new String[] {"", "{", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1,\"a\":2}", "[1] [2]",
                    "{\"a\":\"\\ud800\"}", "[" + "[".repeat(600) + "]".repeat(601)}) {
                assertThat(Run.inProcess(json.getBytes(StandardCharsets.UTF_8), command, "-").unusable().stderr())
                        .as(json).startsWith("dsh-verify " + command + ": error: ");
            }
        }
    }

    @Test
    void inputThatIsNotUtf8IsRefusedNotRepaired() {
        byte[] latin1 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Run.inProcess(latin1, "tx-hash", "-").unusable().stderr()).contains("not UTF-8", "offset 11");
        Run.inProcess(latin1, "canonicalize", "-").unusable();
    }

    @Test
    void aFileNameStartingWithAtIsAFileNotAnArgumentFile() throws IOException {
        Path arguments = Files.writeString(dir.resolve("arguments.txt"), "--help");
        assertThat(Run.of("canonicalize", "@" + arguments).unusable().stderr()).contains("@" + arguments, "no such file");
    }

    @Test
    void aMissingFileIsNamed() {
        String missing = dir.resolve("nope.json").toString();
        assertThat(Run.of("tx-hash", missing).unusable().stderr()).contains(missing, "no such file");
        Run.of("canonicalize", missing).unusable();
        Run.of("canonicalize").unusable();
        Run.of("tx-hash", dir.toString()).unusable();
    }
}
