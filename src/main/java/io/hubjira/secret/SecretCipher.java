package io.hubjira.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.hubjira.config.ConnectorProperties;
import org.springframework.stereotype.Component;

/**
 * Encrypts tokens and secrets at rest with AES-GCM (random 12-byte IV per value, 128-bit tag), each bound to its table,
 * column and row ({@link SecretBinding}, as associated data) and stored as {@code v2:<table>.<column>:<base64(iv ||
 * ciphertext)>}. The place written in clear only makes a refusal say where a copied value came from; what decides is the
 * associated data. {@code v1:} values (earlier versions, unbound) are read only by {@link UnboundSecrets}, which
 * re-encrypts them at start-up. The key comes from CONNECTOR_MASTER_KEY (base64, 16/24/32 bytes) or, without it, from a
 * key file generated on first start ({@link MasterKeyFile}), readable only by its owner.
 */
@Component
public class SecretCipher {

    static final String UNBOUND = "v1:";
    static final String BOUND = "v2:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(ConnectorProperties props) {
        this.key = new SecretKeySpec(loadKey(props.secrets()), "AES");
    }

    /** The value sealed for its place; null stays null. */
    public String encrypt(String plain, SecretBinding where) {
        if (plain == null) {
            return null;
        }
        return BOUND + where.place() + ":" + seal(plain, where.associatedData());
    }

    /**
     * The secret stored at {@code where}. Refused with a {@link SecretException} naming the place, never with a wrong
     * value: a ciphertext written for another column or table, one bound to another row (or to a row whose key changed,
     * such as the Jira site URL), an altered one, one sealed with another master key, and an unbound one from an
     * earlier version that the start-up upgrade has not re-encrypted.
     */
    public String decrypt(String stored, SecretBinding where) {
        if (stored == null) {
            return null;
        }
        if (stored.startsWith(UNBOUND)) {
            throw new SecretException("The secret in " + where.place() + " still has the unbound format of an earlier version; the "
                    + "connector re-encrypts such values when it starts: restart it (the log says why a value could not be re-encrypted)");
        }
        int placeEnd = stored.indexOf(':', BOUND.length());
        if (!stored.startsWith(BOUND) || placeEnd < 0) {
            throw new SecretException("The secret in " + where.place() + " has an unknown format; it was not written by this connector version");
        }
        String sealedFor = stored.substring(BOUND.length(), placeEnd);
        if (!sealedFor.equals(where.place())) {
            throw new SecretException("The secret in " + where.place() + " was encrypted for " + sealedFor + ": a ciphertext copied from "
                    + "another column or table is refused. Save the connection again to store a fresh one.");
        }
        try {
            return open(stored.substring(placeEnd + 1), where.associatedData());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretException("The secret in " + where.place() + " (row " + where.row() + ") cannot be decrypted: it was encrypted "
                    + "for another row (copied, or the row's identity changed), the stored value was altered, or the master key differs from "
                    + "the one it was encrypted with");
        }
    }

    /** An unbound value of an earlier version, for its re-encryption only. */
    String decryptUnbound(String stored) {
        if (!stored.startsWith(UNBOUND)) {
            throw new IllegalArgumentException("not an unbound value");
        }
        try {
            return open(stored.substring(UNBOUND.length()), null);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretException("an unbound secret of an earlier version cannot be decrypted: the master key differs from the one "
                    + "it was encrypted with, or the stored value was altered");
        }
    }

    private String seal(String plain, byte[] associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new SecretException("encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String open(String base64, byte[] associatedData) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(base64);
        if (all.length <= IV_BYTES) {
            throw new IllegalArgumentException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    static byte[] loadKey(ConnectorProperties.Secrets secrets) {
        String master = secrets == null ? null : secrets.masterKey();
        if (master != null && !master.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(master.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("CONNECTOR_MASTER_KEY is not valid base64; generate one with: openssl rand -base64 32");
            }
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalStateException("CONNECTOR_MASTER_KEY must decode to 16, 24 or 32 bytes (it decodes to " + key.length
                        + "); generate one with: openssl rand -base64 32");
            }
            return key;
        }
        String file = secrets == null || secrets.keyFile() == null || secrets.keyFile().isBlank() ? MasterKeyFile.DEFAULT : secrets.keyFile();
        return MasterKeyFile.load(Path.of(file), MasterKeyFile.EARLIER_DEFAULT);
    }

    /** A secret could not be encrypted or decrypted; the message never contains the secret. */
    public static class SecretException extends RuntimeException {
        public SecretException(String message) {
            super(message);
        }
    }
}
