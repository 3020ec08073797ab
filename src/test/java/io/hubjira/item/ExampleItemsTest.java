package io.hubjira.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The example items file is not only well-formed: each of its items saves against the demo portal and site. */
class ExampleItemsTest extends SandboxTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyItemOfTheExampleFileSavesAgainstTheDemoData() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        Map<String, Object> document;
        try (Reader in = Files.newBufferedReader(Path.of("examples", "items.yaml"))) {
            document = new Yaml().load(in);
        }
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) document.get("connector")).get("items");
        assertThat(items).isNotEmpty();
        for (Map<String, Object> item : items) {
            Answer saved = call("POST", "/api/items", item);
            assertThat(saved.status()).as(item.get("name") + ": " + saved.text()).isEqualTo(201);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).isEqualTo(items.size());
    }
}
