package io.hubjira.intake;

import java.nio.charset.StandardCharsets;

/** A webhook delivery as the intake reads it: its body, read once and bounded, and its real HTTP headers. */
public record WebhookDelivery(byte[] body, DeliveryHeaders headers) {

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
