package health.datasafe.integrity;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The C2SP signed-note format (c2sp.org/signed-note, C2SP/C2SP signed-note.md) against its reference implementation's
 * known answers: golang.org/x/mod sumdb/note/note_test.go (commit 02c991387e35f9e4c0a9b7ce137717055f8d716d), whose
 * keys "PeterNeumann" and "EnochRoot" are published there as {@code name+hash+base64(0x01 ‖ key)}.
 */
class SignedNoteTest {

    /** note_test.go TestSign: the signer key PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz. */
    static final Ed25519.SigningKey PETER = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(
            keyBytes("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), 0));
    /** note_test.go: verifier keys PeterNeumann+c74f20a3+ARpc2Q... and EnochRoot+af0cfe78+ATtqJ7... */
    static final Ed25519.VerifyingKey PETER_PUBLIC = verifier("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    static final Ed25519.VerifyingKey ENOCH_PUBLIC = verifier("ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");

    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    /** The example note of the C2SP signed-note specification: its text has an empty line; its key is not published. */
    static final String SPEC_EXAMPLE = """
            Ognuno sta solo sul cuor della terra
            trafitto da un raggio di sole:

            ed è subito sera.

            — quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=
            """;

    private static byte[] keyBytes(String base64WithAlgorithm) {
        byte[] bytes = Base64.getDecoder().decode(base64WithAlgorithm);
        assertThat(bytes[0]).as("signature type 0x01, Ed25519").isEqualTo((byte) 1);
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    private static Ed25519.VerifyingKey verifier(String base64WithAlgorithm) {
        return new Ed25519.VerifyingKey(new Ed25519PublicKeyParameters(keyBytes(base64WithAlgorithm), 0));
    }

    @Test
    void theKeyHashIsTheOneTheReferenceImplementationPublishes() {
        assertThat(PETER.verifyingKey().publicKey().getEncoded()).isEqualTo(PETER_PUBLIC.publicKey().getEncoded());
        assertThat(Hex.of(SignedNote.keyHash("PeterNeumann", PETER_PUBLIC))).isEqualTo("c74f20a3");
        assertThat(Hex.of(SignedNote.keyHash("EnochRoot", ENOCH_PUBLIC))).isEqualTo("af0cfe78");
        // SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4], spelled out
        byte[] input = ("PeterNeumann\n\u0001").getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOf(Sha256.hash(input, PETER_PUBLIC.publicKey().getEncoded()), 4))
                .isEqualTo(SignedNote.keyHash("PeterNeumann", PETER_PUBLIC));
    }

    @Test
    void signingGivesExactlyTheReferenceNote() {
        assertThat(SignedNote.sign(TEXT, "PeterNeumann", PETER)).isEqualTo(TEXT + "\n" + PETER_SIG);
    }

    @Test
    void theReferenceNotesVerifyWithEitherSignersKey() {
        String both = TEXT + "\n" + PETER_SIG + ENOCH_SIG;

        assertThat(SignedNote.verifiedText(TEXT + "\n" + PETER_SIG, PETER_PUBLIC)).isEqualTo(TEXT);
        assertThat(SignedNote.verifiedText(both, PETER_PUBLIC)).isEqualTo(TEXT);
        assertThat(SignedNote.verifiedText(both, ENOCH_PUBLIC)).isEqualTo(TEXT);
        var parts = SignedNote.parse(both);
        assertThat(parts.text()).isEqualTo(TEXT);
        assertThat(parts.signatures()).extracting(SignedNote.Signature::keyName).containsExactly("PeterNeumann", "EnochRoot");
        assertThat(parts.signatures()).extracting(s -> Hex.of(s.keyHash())).containsExactly("c74f20a3", "af0cfe78");
        assertThat(parts.signatures()).allSatisfy(s -> assertThat(s.signature()).hasSize(64));
    }

    @Test
    void aNoteWithoutASignatureByTheKeyIsRefused() {
        var stranger = Ed25519.SigningKey.generate().verifyingKey();

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointSignatureInvalid.class,
                () -> SignedNote.verifiedText(TEXT + "\n" + PETER_SIG + ENOCH_SIG, stranger));

        assertThat(failure.keyId()).isEqualTo(stranger.keyId());
        assertThat(failure.signer()).contains("PeterNeumann", "EnochRoot");
        assertThat(failure).hasMessageContaining("no signature line is by this key");
    }

    /** note_test.go TestOpen "Invalid encoded message syntax" and "Invalid signature", and the misnamed / wrong-hash cases. */
    @Test
    void theReferenceImplementationsMalformedNotesAreRefused() {
        List<String> malformed = List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n");
        for (String note : malformed) {
            assertThatThrownBy(() -> SignedNote.verifiedText(note, PETER_PUBLIC)).as(note)
                    .isInstanceOf(CheckpointInvalid.class);
            assertThatThrownBy(() -> SignedNote.parse(note)).as(note).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        }
        String insertedAbcd = TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
        assertThatThrownBy(() -> SignedNote.verifiedText(insertedAbcd, PETER_PUBLIC)).isInstanceOf(CheckpointInvalid.class);
        String misnamed = TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
        assertThatThrownBy(() -> SignedNote.verifiedText(misnamed, PETER_PUBLIC))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
        String wrongHash = TEXT + "\n" + PETER_SIG.replace("x08g", "xxxx");
        assertThatThrownBy(() -> SignedNote.verifiedText(wrongHash, PETER_PUBLIC))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
    }

    @Test
    void aFailedSignatureByTheKeyRejectsTheNoteEvenIfAnotherLineWouldVerify() {
        byte[] line = Base64.getDecoder().decode(PETER_SIG.substring("— PeterNeumann ".length()).strip());
        line[10] ^= 1;
        String broken = "— PeterNeumann " + Base64.getEncoder().encodeToString(line) + "\n";

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointSignatureInvalid.class,
                () -> SignedNote.verifiedText(TEXT + "\n" + broken + PETER_SIG, PETER_PUBLIC));

        assertThat(failure.signer()).isEqualTo("PeterNeumann");
        assertThat(failure).hasMessageContaining("does not verify");
    }

    @Test
    void signatureLinesAreNumberedAfterTheTextAndTheBlankLine() {
        String badLine = "— PeterNeumann not*base64\n";

        var failure = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class,
                () -> SignedNote.parse(TEXT + "\n" + PETER_SIG + badLine));

        assertThat(failure.line()).isEqualTo(2 + 1 + 2);
        assertThat(failure).hasMessageContaining("line 5");
    }

    @Test
    void signingRefusesATextOrKeyNameOutsideTheFormat() {
        assertThatThrownBy(() -> SignedNote.sign("no newline", "PeterNeumann", PETER)).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        assertThatThrownBy(() -> SignedNote.sign(TEXT, "a+b", PETER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedNote.sign(TEXT, "a b", PETER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedNote.sign(TEXT, "", PETER)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- where SignedNote departs from c2sp.org/signed-note (these fail until SignedNote is fixed) ----

    /** c2sp.org/signed-note: "The note text MAY contain empty lines; the text is separated from the signatures by the last empty line". */
    @Test
    void theSpecificationsExampleNoteWithAnEmptyLineInItsTextParses() {
        var parts = SignedNote.parse(SPEC_EXAMPLE);

        assertThat(parts.text()).isEqualTo("Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n");
        assertThat(parts.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.keyName()).isEqualTo("quasimodo.example/salvatore");
            assertThat(Hex.of(signature.keyHash())).isEqualTo("367ba04b");
        });
        String signed = SignedNote.sign("line one\n\nline three\n", "PeterNeumann", PETER);
        assertThat(SignedNote.verifiedText(signed, PETER_PUBLIC)).isEqualTo("line one\n\nline three\n");
    }

    /** A note must be valid UTF-8 with no control characters; characters outside the BMP (a surrogate pair in Java) are valid. */
    @Test
    void aTextWithACharacterOutsideTheBasicPlaneIsSignedAndVerified() {
        String text = "ledger \uD83D\uDD12 sealed\n";

        assertThat(SignedNote.verifiedText(SignedNote.sign(text, "PeterNeumann", PETER), PETER_PUBLIC)).isEqualTo(text);
        assertThatThrownBy(() -> SignedNote.parse("lone \uD83D surrogate\n\n" + PETER_SIG))
                .isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
    }

    /**
     * c2sp.org/signed-note: "Verifiers MUST ignore signatures from unknown keys"; a signature is base64 of 4 + n bytes,
     * n depending on the algorithm (a c2sp.org/tlog-cosignature witness line holds 4 + 8 + 64 bytes). The reference
     * implementation accepts any line of at least 5 bytes and sets unknown ones aside.
     */
    @Test
    void aSignatureLineOfAnotherAlgorithmByAnUnknownKeyIsIgnored() {
        byte[] cosignature = new byte[4 + 8 + 64];
        Arrays.fill(cosignature, (byte) 7);
        String witness = "— witness.example/w1 " + Base64.getEncoder().encodeToString(cosignature) + "\n";

        assertThat(SignedNote.verifiedText(TEXT + "\n" + PETER_SIG + witness, PETER_PUBLIC)).isEqualTo(TEXT);
        assertThat(SignedNote.verifiedText(TEXT + "\n" + witness + PETER_SIG, PETER_PUBLIC)).isEqualTo(TEXT);
    }

    /**
     * Standard base64 (RFC 4648 section 4, which the specification names) is padded, and the reference implementation
     * refuses unpadded text; the JDK decoder accepts it, and ignores non-zero trailing bits, so one signature would have
     * several encodings.
     */
    @Test
    void aSignatureInNonCanonicalBase64IsRefused() {
        String base64 = PETER_SIG.substring("— PeterNeumann ".length()).strip();
        String unpadded = base64.substring(0, base64.length() - 1);
        char last = base64.charAt(base64.length() - 2);
        String trailingBits = base64.substring(0, base64.length() - 2) + (char) (last + 1) + "=";
        assertThat(Base64.getDecoder().decode(trailingBits)).as("the same bytes").isEqualTo(Base64.getDecoder().decode(base64));

        for (String encoding : List.of(unpadded, trailingBits)) {
            String note = TEXT + "\n— PeterNeumann " + encoding + "\n";
            var failure = catchThrowableOfType(CheckpointInvalid.CheckpointMalformed.class, () -> SignedNote.parse(note));
            assertThat(failure).as(encoding).isNotNull();
            assertThat(failure.line()).isEqualTo(4);
        }
    }
}
