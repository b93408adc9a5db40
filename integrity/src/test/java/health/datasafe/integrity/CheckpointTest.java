package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Signed checkpoints: the text layout (origin line, then "shard size base64-root" per shard), the signed note around it,
 * and everything that must be refused with {@link CheckpointInvalid.CheckpointMalformed} (naming the line) or
 * {@link CheckpointInvalid.CheckpointSignatureInvalid}, never accepted.
 */
class CheckpointTest {

    static final String ORIGIN = "test.datasafe.example/ledger";
    static final String ROOT_0 = Sha256.hex("root of shard 0".getBytes(StandardCharsets.UTF_8));
    static final String ROOT_2 = Sha256.hex("root of shard 2".getBytes(StandardCharsets.UTF_8));
    static final String EMPTY = Sha256.hex();

    /** A fixed key, so that every run signs (and changes) the same bytes. */
    private final Ed25519.SigningKey key = new Ed25519.SigningKey(new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(
            Sha256.hash("CheckpointTest".getBytes(StandardCharsets.UTF_8)), 0));
    private final Checkpoint checkpoint = new Checkpoint(ORIGIN, List.of(new Checkpoint.ShardLog(0, 5, ROOT_0),
            new Checkpoint.ShardLog(1, 0, EMPTY), new Checkpoint.ShardLog(2, 12, ROOT_2)));
    private final String note = checkpoint.sign(key);

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(Hex.parse(hex));
    }

    /** A note over any text, signed by {@code key} under {@code name}, without the checks {@link SignedNote#sign} makes. */
    static String signedAnyway(String text, String name, Ed25519.SigningKey key) {
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] line = Arrays.copyOf(SignedNote.keyHash(name, key.verifyingKey()), 4 + 64);
        System.arraycopy(signature, 0, line, 4, 64);
        return text + "\n— " + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    @Test
    void theTextIsTheOriginThenOneLinePerShardWithSizeAndBase64Root() {
        assertThat(checkpoint.text()).isEqualTo(ORIGIN + "\n0 5 " + b64(ROOT_0) + "\n1 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n2 12 "
                + b64(ROOT_2) + "\n");
        assertThat(note).startsWith(checkpoint.text() + "\n— " + ORIGIN + " ").endsWith("\n");
        assertThat(note.lines().toList()).hasSize(6);
    }

    @Test
    void aSignedCheckpointVerifiesAndReadsBackEqual() {
        assertThat(Checkpoint.verify(note, key.verifyingKey())).isEqualTo(checkpoint);
        assertThat(Checkpoint.parse(note)).isEqualTo(checkpoint);
        assertThat(Checkpoint.parseText(checkpoint.text())).isEqualTo(checkpoint);
        assertThat(checkpoint.shard(2)).isEqualTo(new Checkpoint.ShardLog(2, 12, ROOT_2));
        assertThatThrownBy(() -> checkpoint.shard(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSignatureIsEd25519OverTheTextUnderTheOriginsKeyHash() {
        var parts = SignedNote.parse(note);
        var signature = parts.signatures().getFirst();

        assertThat(parts.text()).isEqualTo(checkpoint.text());
        assertThat(signature.keyName()).isEqualTo(ORIGIN);
        assertThat(signature.keyHash()).isEqualTo(Arrays.copyOf(Sha256.hash((ORIGIN + "\n\u0001").getBytes(StandardCharsets.UTF_8),
                key.verifyingKey().publicKey().getEncoded()), 4));
        assertThat(key.verifyingKey().verify(checkpoint.text().getBytes(StandardCharsets.UTF_8), signature.signature())).isTrue();
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() {
        var other = Ed25519.SigningKey.generate();

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointSignatureInvalid.class,
                () -> Checkpoint.verify(checkpoint.sign(other), key.verifyingKey()));

        assertThat(failure.keyId()).isEqualTo(key.verifyingKey().keyId());
        assertThat(failure.signer()).contains(ORIGIN);
    }

    static Stream<Arguments> editsOfTheSignedText() {
        return Stream.of(
                arguments("a changed size", "\n0 5 ", "\n0 6 "),
                arguments("a changed root", "\n2 12 " + b64(ROOT_2), "\n2 12 " + b64(ROOT_0)),
                arguments("a changed origin", ORIGIN + "\n", "test.datasafe.example/other\n"),
                arguments("another shard's size", "\n1 0 ", "\n1 1 "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("editsOfTheSignedText")
    void anEditOfTheSignedTextFailsTheSignature(String what, String from, String to) {
        String edited = note.replace(from, to);
        assertThat(edited).isNotEqualTo(note);

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointSignatureInvalid.class,
                () -> Checkpoint.verify(edited, key.verifyingKey()));

        assertThat(failure).as(what).hasMessageContaining("does not verify");
    }

    @Test
    void reorderedShardLinesAreRefused() {
        String line0 = "0 5 " + b64(ROOT_0) + "\n";
        String line1 = "1 0 " + b64(EMPTY) + "\n";
        String swapped = note.replace(line0 + line1, line1 + line0);

        assertThatThrownBy(() -> Checkpoint.verify(swapped, key.verifyingKey()))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
        var unsigned = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> Checkpoint.parse(swapped));
        assertThat(unsigned.line()).isEqualTo(2);
        var resigned = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class,
                () -> Checkpoint.verify(signedAnyway(SignedNote.parse(swapped).text(), ORIGIN, key), key.verifyingKey()));
        assertThat(resigned.line()).isEqualTo(2);
        assertThat(resigned).hasMessageContaining("expected shard 0 here, found shard 1");
    }

    @Test
    void everyTruncationOfASignedCheckpointIsRefused() {
        for (int length = 0; length < note.length(); length++) {
            String truncated = note.substring(0, length);
            assertThatThrownBy(() -> Checkpoint.verify(truncated, key.verifyingKey())).as("the first %d characters", length)
                    .isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        }
    }

    @Test
    void everySingleCharacterChangeOfASignedCheckpointIsRefused() {
        char[] replacements = {'0', '1', 'A', 'a', '+', '/', '=', ' ', '\n', '—', '9', 'z'};
        for (int at = 0; at < note.length(); at++) {
            for (char replacement : replacements) {
                if (note.charAt(at) == replacement) {
                    continue;
                }
                String changed = note.substring(0, at) + replacement + note.substring(at + 1);
                assertThatThrownBy(() -> Checkpoint.verify(changed, key.verifyingKey()))
                        .as("character %d changed to '%s'", at, replacement).isInstanceOf(CheckpointInvalid.class);
            }
        }
    }

    @Test
    void aNoteWithoutTheBlankLineOrTheFinalNewlineIsMalformed() {
        String noBlankLine = note.replace(checkpoint.text() + "\n", checkpoint.text());
        String noFinalNewline = note.substring(0, note.length() - 1);

        var blank = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> Checkpoint.verify(noBlankLine, key.verifyingKey()));
        var newline = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> Checkpoint.verify(noFinalNewline, key.verifyingKey()));

        assertThat(blank).hasMessageContaining("no blank line");
        assertThat(newline).hasMessageContaining("does not end with a newline");
        assertThat(blank.line()).isZero();
        assertThat(newline.line()).isZero();
    }

    @Test
    void aSignatureThatIsNotBase64IsMalformedOnItsLine() {
        int at = note.lastIndexOf(' ') + 10;
        String bad = note.substring(0, at) + "*" + note.substring(at + 1);

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> Checkpoint.verify(bad, key.verifyingKey()));

        assertThat(failure.line()).isEqualTo(6);
        assertThat(failure).hasMessageContaining("not base64");
    }

    @Test
    void aSignatureLineWithAnotherKeyHashIsNotBySomeKeyOfTheVerifier() {
        var parts = SignedNote.parse(note);
        byte[] line = Arrays.copyOf(parts.signatures().getFirst().keyHash(), 68);
        line[0] ^= 0x55;
        System.arraycopy(parts.signatures().getFirst().signature(), 0, line, 4, 64);
        String otherHash = checkpoint.text() + "\n— " + ORIGIN + " " + Base64.getEncoder().encodeToString(line) + "\n";

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointSignatureInvalid.class,
                () -> Checkpoint.verify(otherHash, key.verifyingKey()));

        assertThat(failure).hasMessageContaining("no signature line is by this key");
    }

    @Test
    void aSignatureUnderAnotherKeyNameHasAnotherKeyHash() {
        String renamed = signedAnyway(checkpoint.text(), "another.example/name", key).replace("— another.example/name ", "— " + ORIGIN + " ");

        assertThatThrownBy(() -> Checkpoint.verify(renamed, key.verifyingKey()))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class).hasMessageContaining("no signature line is by this key");
    }

    static Stream<Arguments> malformedTexts() {
        String r0 = b64(ROOT_0);
        String re = b64(EMPTY);
        return Stream.of(
                arguments("two spaces", ORIGIN + "\n0  5 " + r0 + "\n", 2),
                arguments("a trailing space", ORIGIN + "\n0 5 " + r0 + " \n", 2),
                arguments("a leading space", ORIGIN + "\n 0 5 " + r0 + "\n", 2),
                arguments("a tab", ORIGIN + "\n0\t5 " + r0 + "\n", 2),
                arguments("a space in the origin", "test.datasafe example\n0 5 " + r0 + "\n", 1),
                arguments("a leading zero in the size", ORIGIN + "\n0 05 " + r0 + "\n", 2),
                arguments("a leading zero in the shard", ORIGIN + "\n0 5 " + r0 + "\n01 0 " + re + "\n", 3),
                arguments("a signed size", ORIGIN + "\n0 +5 " + r0 + "\n", 2),
                arguments("a negative size", ORIGIN + "\n0 -5 " + r0 + "\n", 2),
                arguments("a decimal point", ORIGIN + "\n0 5.0 " + r0 + "\n", 2),
                arguments("a size of 19 digits", ORIGIN + "\n0 1000000000000000000 " + r0 + "\n", 2),
                arguments("a hex root", ORIGIN + "\n0 5 " + ROOT_0 + "\n", 2),
                arguments("an unpadded root", ORIGIN + "\n0 5 " + r0.substring(0, r0.length() - 1) + "\n", 2),
                arguments("a root with non-zero trailing bits", ORIGIN + "\n0 5 " + r0.substring(0, r0.length() - 2)
                        + (char) (r0.charAt(r0.length() - 2) + 1) + "=\n", 2),
                arguments("a root of 31 bytes", ORIGIN + "\n0 5 " + Base64.getEncoder().encodeToString(new byte[31]) + "\n", 2),
                arguments("a root of 33 bytes", ORIGIN + "\n0 5 " + Base64.getEncoder().encodeToString(new byte[33]) + "\n", 2),
                arguments("a missing root", ORIGIN + "\n0 5\n", 2),
                arguments("a skipped shard", ORIGIN + "\n0 5 " + r0 + "\n2 0 " + re + "\n", 3),
                arguments("a repeated shard", ORIGIN + "\n0 5 " + r0 + "\n0 5 " + r0 + "\n", 3),
                arguments("no shard line", ORIGIN + "\n", 0),
                arguments("an empty line among the shards", ORIGIN + "\n0 5 " + r0 + "\n\n1 0 " + re + "\n", 3),
                arguments("a carriage return", ORIGIN + "\r\n0 5 " + r0 + "\n", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTexts")
    void aTextOutsideTheFormatIsMalformedOnItsLineEvenWhenValidlySigned(String what, String text, int line) {
        String signed = signedAnyway(text, ORIGIN, key);

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> Checkpoint.verify(signed, key.verifyingKey()));

        assertThat(failure).as(what).isNotNull();
        assertThat(failure.line()).as(what + ": " + failure.getMessage()).isEqualTo(line);
        assertThatThrownBy(() -> Checkpoint.parse(signed)).as(what).isInstanceOf(CheckpointInvalid.class);
        assertThatThrownBy(() -> Checkpoint.parseText(text)).as(what).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
    }

    @Test
    void aSignatureLineWithExtraWhitespaceIsMalformedOnItsLine() {
        String signatureLine = note.substring(checkpoint.text().length() + 1);
        for (String changed : List.of(signatureLine.replace("— ", "—  "), signatureLine.replace("\n", " \n"),
                signatureLine.replace(ORIGIN + " ", ORIGIN + "  "), signatureLine.replace("— ", "-- "),
                signatureLine.replace(ORIGIN + " ", ORIGIN + "\t"))) {
            var failure = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class,
                    () -> Checkpoint.verify(checkpoint.text() + "\n" + changed, key.verifyingKey()));
            assertThat(failure).as(changed).isNotNull();
            assertThat(failure.line()).as(changed).isEqualTo(6);
        }
    }

    @Test
    void anEmptyOrMissingNoteIsMalformed() {
        assertThatThrownBy(() -> Checkpoint.verify("", key.verifyingKey())).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        assertThatThrownBy(() -> Checkpoint.verify(null, key.verifyingKey())).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        assertThatThrownBy(() -> Checkpoint.parse("\n\n")).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
    }

    @Test
    void aNoteAlsoSignedByAnUnknownKeyVerifiesWithOurs() {
        var witness = Ed25519.SigningKey.generate();
        String witnessLine = signedAnyway(checkpoint.text(), "witness.example/w1", witness).substring(checkpoint.text().length() + 1);

        assertThat(Checkpoint.verify(note + witnessLine, key.verifyingKey())).isEqualTo(checkpoint);
        assertThat(Checkpoint.verify(checkpoint.text() + "\n" + witnessLine + note.substring(checkpoint.text().length() + 1),
                key.verifyingKey())).isEqualTo(checkpoint);
        assertThat(Checkpoint.verify(note + witnessLine, witness.verifyingKey())).isEqualTo(checkpoint);
    }

    @Test
    void aCheckpointIsBuiltOnlyFromShardsInOrderAndAnOriginWithoutSpaces() {
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, List.of(new Checkpoint.ShardLog(1, 0, EMPTY))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("a b", List.of(new Checkpoint.ShardLog(0, 0, EMPTY))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint.ShardLog(0, -1, EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint.ShardLog(0, 0, EMPTY.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notesOfOneTextMergeIntoOneCosignedNoteThatCountsEachTrustedSignerOnce() {
        var second = Ed25519.SigningKey.generate();
        var third = Ed25519.SigningKey.generate();
        String cosigned = SignedNote.merge(List.of(note, checkpoint.sign(second), note));

        assertThat(cosigned).startsWith(checkpoint.text() + "\n").endsWith("\n");
        assertThat(SignedNote.parse(cosigned).signatures()).hasSize(2);
        var keys = List.of(key.verifyingKey(), second.verifyingKey(), third.verifyingKey());
        var quorum = Checkpoint.verifyQuorum(cosigned, keys, 2);
        assertThat(quorum.checkpoint()).isEqualTo(checkpoint);
        assertThat(quorum.signers()).containsExactly(key.verifyingKey().keyId(), second.verifyingKey().keyId());
        assertThat(catchThrowableOfType(CheckpointInvalid.TooFewSigners.class,
                () -> Checkpoint.verifyQuorum(cosigned, keys, 3)).signers()).hasSize(2);
        assertThatThrownBy(() -> Checkpoint.verifyQuorum(note, keys, 2))
                .isInstanceOf(CheckpointInvalid.TooFewSigners.class).hasMessageContaining("2 required");
    }

    @Test
    void notesOfDifferentTextsDoNotMergeAndAForgedLineCountsForNothing() {
        var other = new Checkpoint(ORIGIN, List.of(new Checkpoint.ShardLog(0, 6, ROOT_0))).sign(key);
        assertThatThrownBy(() -> SignedNote.merge(List.of(note, other)))
                .isInstanceOf(CheckpointInvalid.CheckpointMalformed.class).hasMessageContaining("different texts");

        var second = Ed25519.SigningKey.generate();
        String signedByOther = new Checkpoint(ORIGIN, List.of(new Checkpoint.ShardLog(0, 6, ROOT_0))).sign(second);
        String forged = note + signedByOther.substring(signedByOther.lastIndexOf("\n\n") + 2);
        assertThat(Checkpoint.verifyQuorum(forged, List.of(key.verifyingKey(), second.verifyingKey()), 1).signers())
                .containsExactly(key.verifyingKey().keyId());
    }
}
