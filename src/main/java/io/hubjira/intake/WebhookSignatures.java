package io.hubjira.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as both services sign their webhooks with it (Jira: hex of the body; HubSpot v3: base64 of a string). */
final class WebhookSignatures {

    private WebhookSignatures() {}

    static byte[] hmacSha256(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64HmacSha256(String secret, String message) {
        return Base64.getEncoder().encodeToString(hmacSha256(secret, message.getBytes(StandardCharsets.UTF_8)));
    }
}
