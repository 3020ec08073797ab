package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hubjira.sandbox.SandboxCallLog;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code api-version: legacy} keeps the v1/v3/v4 paths, for a transition: the same journey, no date-based call. */
@TestPropertySource(properties = "connector.hubspot.api-version=legacy")
class LegacyApiVersionTest extends ApiGenerationJourney {

    @Test
    void theLegacySettingCallsOnlyV3AndV4Paths() {
        List<SandboxCallLog.Call> hubspotCalls = journey();
        assertThat(hubspotCalls).allSatisfy(c -> assertThat(c.status()).as(c.method() + " " + c.path()).isLessThan(400));
        assertThat(hubspotCalls).filteredOn(c -> c.generation().startsWith("2026")).isEmpty();
        assertThat(hubspotCalls).extracting(SandboxCallLog.Call::path).anyMatch(p -> p.startsWith("/crm/v3/objects/"))
                .anyMatch(p -> p.startsWith("/crm/v4/associations/"));
    }
}
