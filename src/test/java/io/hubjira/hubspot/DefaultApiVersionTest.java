package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hubjira.sandbox.SandboxCallLog;
import org.junit.jupiter.api.Test;

/** With the default configuration the connector calls HubSpot's 2026-03 paths only: not one legacy call. */
class DefaultApiVersionTest extends ApiGenerationJourney {

    @Test
    void theDefaultConfigurationMakesNoLegacyCall() {
        List<SandboxCallLog.Call> hubspotCalls = journey();
        assertThat(hubspotCalls).hasSizeGreaterThan(20);
        assertThat(hubspotCalls).filteredOn(c -> !c.generation().equals("2026-03") && !c.generation().equals("download"))
                .as("calls outside 2026-03").isEmpty();
        assertThat(hubspotCalls).extracting(SandboxCallLog.Call::path).contains("/files/2026-03/files", "/crm/objects/2026-03/notes/batch/create")
                .anyMatch(p -> p.startsWith("/crm/associations/2026-03/"))
                .anyMatch(p -> p.startsWith("/account-info/2026-03/details"));
        assertThat(hubspotCalls).allSatisfy(c -> assertThat(c.status()).as(c.method() + " " + c.path() + " " + c.body()).isLessThan(400));
    }
}
