package health.datasafe.transaction.vault;

import health.datasafe.integrity.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The vault's envelope encryption, all AES-256-GCM with 96-bit random IVs and 128-bit tags:
 * content under a fresh random data key per record (associated data: patient, record and content type, so a
 * ciphertext cannot be moved to another record); the data key wrapped by the patient's key (associated data: the
 * record id); the patient's key wrapped by the master key (associated data: the patient id). A wrapped key is
 * IV || ciphertext || tag. The commitment is SHA-256(salt || ciphertext) with 32 random bytes of salt.
 */
@Component
public class RecordCipher {

    static final int KEY_BYTES = 32;
    static final int IV_BYTES = 12;
    static final int SALT_BYTES = 32;
    private static final int TAG_BITS = 128;
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final Logger log = LoggerFactory.getLogger(RecordCipher.class);

    private final SecureRandom random = new SecureRandom();
    private final byte[] masterKey;

    @Autowired
    RecordCipher(VaultSettings settings) {
        this(masterKeyOf(settings));
    }

    RecordCipher(byte[] masterKey) {
        if (masterKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("the vault master key must be " + KEY_BYTES + " bytes, got " + masterKey.length);
        }
        this.masterKey = masterKey.clone();
    }

    private static byte[] masterKeyOf(VaultSettings settings) {
        if (settings.masterKey() == null || settings.masterKey().isBlank()) {
            log.warn("dsh.vault.master-key is not set: generated a master key for this run only; records stored now "
                    + "cannot be decrypted after a restart. Set dsh.vault.master-key to base64 of 32 random bytes.");
            byte[] generated = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(generated);
            return generated;
        }
        try {
            return Base64.getDecoder().decode(settings.masterKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dsh.vault.master-key is not base64", e);
        }
    }

    /** A new random patient key, wrapped by the master key. */
    byte[] newWrappedPatientKey(String patientId) {
        byte[] patientKey = randomBytes(KEY_BYTES);
        try {
            return wrap(masterKey, patientKey, patientAad(patientId));
        } finally {
            Arrays.fill(patientKey, (byte) 0);
        }
    }

    /** Encrypts the content under a fresh data key and wraps that key with the patient's key. */
    SealedRecord seal(String patientId, String recordId, String contentType, byte[] content, byte[] wrappedPatientKey) {
        byte[] patientKey = unwrap(masterKey, wrappedPatientKey, patientAad(patientId), recordId);
        byte[] dataKey = randomBytes(KEY_BYTES);
        try {
            byte[] iv = randomBytes(IV_BYTES);
            byte[] ciphertext = aesGcm(Cipher.ENCRYPT_MODE, dataKey, iv, contentAad(patientId, recordId, contentType), content);
            byte[] wrappedDataKey = wrap(patientKey, dataKey, recordAad(recordId));
            byte[] salt = randomBytes(SALT_BYTES);
            return new SealedRecord(recordId, patientId, contentType, ciphertext, iv, wrappedDataKey, salt,
                    Sha256.hex(salt, ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(patientKey, (byte) 0);
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The content of a sealed record; {@link RecordUnreadable} if anything about it was altered. */
    byte[] open(SealedRecord sealed, byte[] wrappedPatientKey) {
        if (!Sha256.hex(sealed.salt(), sealed.ciphertext()).equals(sealed.commitment())) {
            throw new RecordUnreadable(sealed.recordId(), "the ciphertext does not match its commitment");
        }
        byte[] dataKey = dataKeyOf(sealed, wrappedPatientKey);
        try {
            return aesGcm(Cipher.DECRYPT_MODE, dataKey, sealed.iv(),
                    contentAad(sealed.patientId(), sealed.recordId(), sealed.contentType()), sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new RecordUnreadable(sealed.recordId(), "the ciphertext failed authentication");
        } catch (GeneralSecurityException e) {
            throw new RecordUnreadable(sealed.recordId(), e.getMessage());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The record's data key (for tests that check every record has its own). */
    byte[] dataKeyOf(SealedRecord sealed, byte[] wrappedPatientKey) {
        byte[] patientKey = unwrap(masterKey, wrappedPatientKey, patientAad(sealed.patientId()), sealed.recordId());
        try {
            return unwrap(patientKey, sealed.wrappedDataKey(), recordAad(sealed.recordId()), sealed.recordId());
        } finally {
            Arrays.fill(patientKey, (byte) 0);
        }
    }

    private byte[] wrap(byte[] kek, byte[] key, byte[] aad) {
        byte[] iv = randomBytes(IV_BYTES);
        try {
            byte[] wrapped = aesGcm(Cipher.ENCRYPT_MODE, kek, iv, aad, key);
            return ByteBuffer.allocate(IV_BYTES + wrapped.length).put(iv).put(wrapped).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] unwrap(byte[] kek, byte[] wrapped, byte[] aad, String recordId) {
        if (wrapped == null || wrapped.length <= IV_BYTES) {
            throw new RecordUnreadable(recordId, "a wrapped key is truncated");
        }
        try {
            return aesGcm(Cipher.DECRYPT_MODE, kek, Arrays.copyOfRange(wrapped, 0, IV_BYTES), aad,
                    Arrays.copyOfRange(wrapped, IV_BYTES, wrapped.length));
        } catch (GeneralSecurityException e) {
            throw new RecordUnreadable(recordId, "a wrapped key failed authentication");
        }
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(AES_GCM);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] patientAad(String patientId) {
        return ("dsh-patient-key\0" + patientId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] recordAad(String recordId) {
        return ("dsh-data-key\0" + recordId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] contentAad(String patientId, String recordId, String contentType) {
        return ("dsh-record\0" + patientId + "\0" + recordId + "\0" + contentType).getBytes(StandardCharsets.UTF_8);
    }
}
