package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hubjira.sandbox.SandboxCallLog;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code api-version: 2026-09} every operation HubSpot publishes in 2026-09 is called there and the others (the
 * files API, the record-level association list) at 2026-03 — never a legacy path, never a 404 for a missing one.
 */
@TestPropertySource(properties = "connector.hubspot.api-version=2026-09")
class ApiVersion2026_09Test extends ApiGenerationJourney {

    @Test
    void operationsUse2026_09WherePublishedAnd2026_03Elsewhere() {
        List<SandboxCallLog.Call> hubspotCalls = journey();
        assertThat(hubspotCalls).allSatisfy(c -> assertThat(c.status()).as(c.method() + " " + c.path()).isLessThan(400));
        assertThat(hubspotCalls).filteredOn(c -> c.generation().equals("legacy")).isEmpty();
        assertThat(hubspotCalls).filteredOn(c -> c.path().startsWith("/files/")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.generation()).isEqualTo("2026-03"));
        assertThat(hubspotCalls).filteredOn(c -> c.path().startsWith("/crm/objects/") && !c.path().contains("/associations/"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.generation()).isEqualTo("2026-09"));
        assertThat(hubspotCalls).filteredOn(c -> c.path().startsWith("/account-info/")).allSatisfy(c -> assertThat(c.generation()).isEqualTo("2026-09"));
    }
}
