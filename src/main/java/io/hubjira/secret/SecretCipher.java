package io.hubjira.secret;

import org.springframework.stereotype.Component;

/** TEMPORARY placeholder until the AES-GCM implementation lands (replaced by the storage-secrets branch). */
@Component
public class SecretCipher {

    public String encrypt(String plain) {
        return plain == null ? null : "v0:" + java.util.Base64.getEncoder().encodeToString(plain.getBytes());
    }

    public String decrypt(String stored) {
        return stored == null ? null : new String(java.util.Base64.getDecoder().decode(stored.substring(3)));
    }
}
