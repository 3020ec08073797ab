package io.hubjira.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.support.FakeApi;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What naming a record costs: the sync path asks for every record's display property. */
class HubSpotMetadataTest {

    private final FakeApi api = new FakeApi();
    private final HubSpotMetadata metadata = new HubSpotMetadata(new HubSpotClient(api.executor(1), FakeApi.JSON,
            new MockEnvironment().withProperty("connector.hubspot.base-url", "http://hubspot.test"), () -> "test-token",
            FakeApi.hubspotVersion("2026-03")), FakeApi.hubspotVersion("2026-03"));

    @Test
    void aStandardObjectsDisplayPropertyAndLabelCostNoCallAndACustomObjectsOneSchemaReadNeverTheCatalogsProbes() {
        api.on("GET", "/crm-object-schemas/2026-03/schemas", 200, "{\"results\":[{\"id\":\"9001\",\"objectTypeId\":\"2-9001\","
                + "\"name\":\"projects_x\",\"labels\":{\"singular\":\"Project\",\"plural\":\"Projects\"},"
                + "\"primaryDisplayProperty\":\"project_title\",\"archived\":false}]}");

        assertThat(metadata.primaryDisplayProperty("deals")).isEqualTo("dealname");
        assertThat(metadata.primaryDisplayProperty("0-5")).as("by type id").isEqualTo("subject");
        assertThat(metadata.label("deals")).isEqualTo("Deals");
        assertThat(api.sent).as("known without asking HubSpot").isEmpty();

        assertThat(metadata.primaryDisplayProperty("2-9001")).isEqualTo("project_title");
        assertThat(metadata.primaryDisplayProperty("projects_x")).as("by name").isEqualTo("project_title");
        assertThat(metadata.label("2-9001")).isEqualTo("Projects");
        assertThat(metadata.primaryDisplayProperty("2-404")).as("an unknown custom object is named by its id").isEqualTo("hs_object_id");
        assertThat(api.sent).extracting(FakeApi.Sent::path).as("one schema read, cached").containsExactly("/crm-object-schemas/2026-03/schemas");
    }
}
