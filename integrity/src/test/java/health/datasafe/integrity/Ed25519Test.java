package health.datasafe.integrity;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Ed25519 against RFC 8032 section 7.1 and against OpenSSL's reading of the key encodings. */
class Ed25519Test {

    /** RFC 8032 section 7.1, TEST 1 to 3: secret key (seed), public key, message, signature. */
    static Stream<Arguments> rfc8032() {
        return Stream.of(
                arguments("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                arguments("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                arguments("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void signingGivesExactlyTheRfcSignature(String name, String secret, String publicKey, String message, String signature) {
        var key = fromSeed(secret);

        assertThat(Hex.of(key.verifyingKey().publicKey().getEncoded())).isEqualTo(publicKey);
        assertThat(Hex.of(key.sign(Hex.parse(message)))).isEqualTo(signature);
        assertThat(key.signBase64(Hex.parse(message))).isEqualTo(Base64.getEncoder().encodeToString(Hex.parse(signature)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void theRfcSignatureVerifiesWithTheRfcPublicKey(String name, String secret, String publicKey, String message, String signature) {
        var key = publicKey(publicKey);

        assertThat(key.verify(Hex.parse(message), Hex.parse(signature))).isTrue();
        assertThat(key.verifyBase64(Hex.parse(message), Base64.getEncoder().encodeToString(Hex.parse(signature)))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void anyFlippedBitOfSignatureOrMessageIsRefused(String name, String secret, String publicKey, String message, String signature) {
        var key = publicKey(publicKey);
        byte[] sig = Hex.parse(signature);
        byte[] msg = Hex.parse(message);

        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] flipped = sig.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(key.verify(msg, flipped)).as("signature bit %d flipped", bit).isFalse();
        }
        for (int bit = 0; bit < msg.length * 8; bit++) {
            byte[] flipped = msg.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(key.verify(flipped, sig)).as("message bit %d flipped", bit).isFalse();
        }
        assertThat(key.verify(new byte[]{1, 2, 3}, sig)).isFalse();
        assertThat(Ed25519.SigningKey.generate().verifyingKey().verify(msg, sig)).as("another key").isFalse();
    }

    @Test
    void signaturesOfTheWrongShapeAreRefusedWithoutThrowing() {
        var key = fromSeed("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").verifyingKey();
        byte[] sig = key.publicKey().getEncoded(); // 32 bytes: too short

        assertThat(key.verify(new byte[0], null)).isFalse();
        assertThat(key.verify(new byte[0], sig)).isFalse();
        assertThat(key.verify(new byte[0], new byte[65])).isFalse();
        assertThat(key.verifyBase64(new byte[0], null)).isFalse();
        assertThat(key.verifyBase64(new byte[0], "not base64!")).isFalse();
        assertThat(key.verifyBase64(new byte[0], "")).isFalse();
    }

    @Test
    void keysAreEncodedAsPkcs8AndX509Der() {
        var key = fromSeed("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

        assertThat(Hex.of(Base64.getDecoder().decode(key.toPkcs8())))
                .isEqualTo("302e020100300506032b657004220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertThat(Hex.of(Base64.getDecoder().decode(key.verifyingKey().toX509())))
                .isEqualTo("302a300506032b6570032100" + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(key.verifyingKey().keyId()).isEqualTo("21fe31dfa154a261");
    }

    @Test
    void encodingsRoundTripAndPemBodiesWithLineBreaksAreRead() {
        var key = Ed25519.SigningKey.generate();
        String wrappedPkcs8 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(Base64.getDecoder().decode(key.toPkcs8()));
        String wrappedX509 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(Base64.getDecoder().decode(key.verifyingKey().toX509()));

        assertThat(Ed25519.SigningKey.fromPkcs8(wrappedPkcs8 + "\n").toPkcs8()).isEqualTo(key.toPkcs8());
        assertThat(Ed25519.VerifyingKey.fromX509(wrappedX509 + "\n").toX509()).isEqualTo(key.verifyingKey().toX509());
    }

    @Test
    void keysOfAnotherAlgorithmOrLengthAreRefused() {
        String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
        String x25519Private = "302e020100300506032b656e04220420" + seed;
        String seed33 = "302f020100300506032b657004230421" + seed + "00";
        String x25519Public = "302a300506032b656e032100" + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        String public31 = "3029300506032b6570032000" + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f70751";

        assertThatThrownBy(() -> Ed25519.SigningKey.fromPkcs8(b64(x25519Private))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Ed25519 private key");
        assertThatThrownBy(() -> Ed25519.SigningKey.fromPkcs8(b64(seed33))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519.SigningKey.fromPkcs8("MC4CAQAw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.VerifyingKey.fromX509(b64(x25519Public))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> Ed25519.VerifyingKey.fromX509(b64(public31))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519.VerifyingKey.fromX509("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openSslDerivesTheSamePublicKeyFromOurPkcs8(@TempDir Path dir) throws Exception {
        OpenSsl.assumePresent();
        var key = Ed25519.SigningKey.generate();
        Path privatePem = dir.resolve("private.pem");
        Files.writeString(privatePem, OpenSsl.pem("PRIVATE KEY", key.toPkcs8()));

        String publicPem = OpenSsl.run(dir, "pkey", "-in", privatePem.toString(), "-pubout");

        assertThat(OpenSsl.pemBody(publicPem, "PUBLIC KEY")).isEqualTo(key.verifyingKey().toX509());
        assertThat(OpenSsl.pemBody(OpenSsl.run(dir, "pkey", "-in", privatePem.toString()), "PRIVATE KEY")).isEqualTo(key.toPkcs8());
    }

    @Test
    void openSslReadsOurX509PublicKeyAndVerifiesOurSignature(@TempDir Path dir) throws Exception {
        OpenSsl.assumePresent();
        var key = Ed25519.SigningKey.generate();
        byte[] message = Sha256.hash("block".getBytes(StandardCharsets.UTF_8));
        Path publicPem = Files.writeString(dir.resolve("public.pem"), OpenSsl.pem("PUBLIC KEY", key.verifyingKey().toX509()));
        Path data = Files.write(dir.resolve("data.bin"), message);
        Path sig = Files.write(dir.resolve("data.sig"), key.sign(message));

        String out = OpenSsl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", publicPem.toString(), "-rawin",
                "-in", data.toString(), "-sigfile", sig.toString());

        assertThat(out).contains("Signature Verified Successfully");
        assertThat(OpenSsl.pemBody(OpenSsl.run(dir, "pkey", "-pubin", "-in", publicPem.toString()), "PUBLIC KEY"))
                .isEqualTo(key.verifyingKey().toX509());
    }

    @Test
    void keysGeneratedByOpenSslAreReadAndTheirSignaturesAgree(@TempDir Path dir) throws Exception {
        OpenSsl.assumePresent();
        Path privatePem = dir.resolve("openssl.pem");
        OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", privatePem.toString());
        byte[] message = "a message signed by OpenSSL".getBytes(StandardCharsets.UTF_8);
        Path data = Files.write(dir.resolve("data.bin"), message);
        Path sig = dir.resolve("data.sig");
        OpenSsl.run(dir, "pkeyutl", "-sign", "-inkey", privatePem.toString(), "-rawin", "-in", data.toString(), "-out", sig.toString());

        var key = Ed25519.SigningKey.fromPkcs8(OpenSsl.pemBody(Files.readString(privatePem), "PRIVATE KEY"));
        var publicKey = Ed25519.VerifyingKey.fromX509(
                OpenSsl.pemBody(OpenSsl.run(dir, "pkey", "-in", privatePem.toString(), "-pubout"), "PUBLIC KEY"));

        assertThat(publicKey.verify(message, Files.readAllBytes(sig))).isTrue();
        assertThat(key.sign(message)).isEqualTo(Files.readAllBytes(sig)); // Ed25519 is deterministic
        assertThat(publicKey.toX509()).isEqualTo(key.verifyingKey().toX509());
    }

    private static Ed25519.SigningKey fromSeed(String hex) {
        return new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(Hex.parse(hex), 0));
    }

    private static Ed25519.VerifyingKey publicKey(String hex) {
        return Ed25519.VerifyingKey.fromX509(b64("302a300506032b6570032100" + hex));
    }

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(Hex.parse(hex));
    }
}
