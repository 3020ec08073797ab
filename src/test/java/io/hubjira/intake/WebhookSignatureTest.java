package io.hubjira.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Jira Cloud's admin-webhook signature: X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>. */
class WebhookSignatureTest {

    private static final byte[] BODY = "Hello World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void atlassiansPublishedTestVectorVerifies() {
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", BODY,
                "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9")).isTrue();
    }

    @Test
    void theMethodPrefixAndHexCaseAreReadAsJiraSendsThem() {
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", BODY,
                "SHA256=A4771C39FBE90F317C7824E83DDEF3CAAE9CB3D976C214ACE1F2937E133263C9")).isTrue();
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", BODY,
                "sha1=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9")).isFalse();
    }

    @Test
    void aWrongSecretAChangedBodyOrGarbageIsRefused() {
        String good = "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9";
        assertThat(JiraWebhookIntake.validSignature("another secret", BODY, good)).isFalse();
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", "Hello World?".getBytes(StandardCharsets.UTF_8), good)).isFalse();
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", BODY, "sha256=not-hex")).isFalse();
        assertThat(JiraWebhookIntake.validSignature("It's a Secret to Everybody", BODY, "a4771c39")).isFalse();
    }

    @Test
    void hubSpotV3SignaturesMatchTheVectorFromHubSpotsOwnSdkTests() {
        // ../shared/api-specs/samples/hubspot-webhook-signature.test-vectors.json (HubSpot's Python SDK tests)
        String expected = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=";
        assertThat(HubSpotWebhookIntake.signatureV3("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "POST", "https://www.example.com/webhook_uri",
                "{'example_field':'example_value'}", "15000000")).isEqualTo(expected);
        assertThat(io.hubjira.sandbox.hubspot.HubSpotWebhookSender.signatureV3("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "POST",
                "https://www.example.com/webhook_uri", "{'example_field':'example_value'}", "15000000")).as("the simulator signs alike").isEqualTo(expected);
        assertThat(HubSpotWebhookIntake.signatureV3("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "POST", "https://www.example.com/webhook_uri",
                "{'example_field':'example_value'}", "15000001")).isNotEqualTo(expected);
    }
}
