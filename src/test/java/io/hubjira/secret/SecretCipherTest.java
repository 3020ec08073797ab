package io.hubjira.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import io.hubjira.config.ConnectorProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM secrets at rest: round trip, random IVs, tamper and wrong-key detection, the key file, a bad master key. */
class SecretCipherTest {

    private static final String TOKEN = "pat-na1-00000000-0000-4000-8000-0000000000aa";
    private static final SecretBinding HERE = new SecretColumn("hubspot_connection", "access_token_enc", "id").at(1);

    private static SecretCipher cipher(String masterKey, Path keyFile) {
        return new SecretCipher(new ConnectorProperties(null, null, null, null, null,
                new ConnectorProperties.Secrets(masterKey, keyFile == null ? null : keyFile.toString(), null), null, null, null, null, null, null, null, null, null, null));
    }

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void encryptsAndDecryptsWithAFreshIvEveryTime() {
        SecretCipher c = cipher(key(7), null);
        String first = c.encrypt(TOKEN, HERE);
        String second = c.encrypt(TOKEN, HERE);
        assertThat(first).startsWith("v2:hubspot_connection.access_token_enc:").doesNotContain(TOKEN).isNotEqualTo(second);
        assertThat(c.decrypt(first, HERE)).isEqualTo(TOKEN);
        assertThat(c.decrypt(second, HERE)).isEqualTo(TOKEN);
        assertThat(c.encrypt(null, HERE)).isNull();
    }

    @Test
    void aTamperedValueOrAnotherKeyIsRefusedWithoutShowingTheSecret() {
        String sealed = cipher(key(7), null).encrypt(TOKEN, HERE);
        String prefix = "v2:" + HERE.place() + ":";
        byte[] raw = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        raw[raw.length - 1] ^= 1;
        String tampered = prefix + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> cipher(key(7), null).decrypt(tampered, HERE))
                .isInstanceOf(SecretCipher.SecretException.class).hasMessageContaining("cannot be decrypted")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining(sealed);
        assertThatThrownBy(() -> cipher(key(8), null).decrypt(sealed, HERE))
                .isInstanceOf(SecretCipher.SecretException.class).hasMessageContaining("master key differs");
    }

    @Test
    void withoutAMasterKeyAKeyFileReadableOnlyByItsOwnerIsGeneratedAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/master.key");
        String sealed = cipher(null, file).encrypt(TOKEN, HERE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(cipher(null, file).decrypt(sealed, HERE)).isEqualTo(TOKEN);
    }

    @Test
    void aMalformedMasterKeyStopsStartUpNamingTheVariableNotTheValue() {
        assertThatThrownBy(() -> cipher("not base64 !!", null)).hasMessageContaining("CONNECTOR_MASTER_KEY").hasMessageNotContaining("not base64 !!");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[10]), null))
                .hasMessageContaining("CONNECTOR_MASTER_KEY must decode to 16, 24 or 32 bytes (it decodes to 10)");
    }

    @Test
    void theMaskerHidesTokensCredentialsAndRegisteredSecrets() {
        SecretMasker.register("my-webhook-secret-42");
        String masked = SecretMasker.mask("token " + TOKEN + " header Bearer abcdef.ghijk and Basic dXNlcjpwYXNz, secret my-webhook-secret-42");
        assertThat(masked).doesNotContain(TOKEN).doesNotContain("abcdef.ghijk").doesNotContain("dXNlcjpwYXNz")
                .doesNotContain("my-webhook-secret-42").contains("pat-na1-****").contains("Bearer ****").contains("Basic ****");
    }
}
