package io.hubjira.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hubjira.support.ForgeBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Forge app in src/forge: its dependencies install from the committed lock file, its one build command makes the
 * Custom UI the manifest names, and the manifest passes Forge's own validation (@forge/manifest, offline, no Atlassian
 * login), which also refuses a broken one. Skipped only when npm is not installed (.ci/run installs it).
 */
class ForgeAppBuildTest {

    static final Map<String, String> DEPLOY_ENV = Map.of("CONNECTOR_BASE_URL", "https://connector.example.com");

    @BeforeAll
    static void toolchain() {
        assumeTrue(ForgeBuild.unavailable().isEmpty(), () -> ForgeBuild.unavailable().orElse(""));
        ForgeBuild.install();
    }

    @Test
    void oneCommandBuildsTheCustomUiTheManifestNames() throws Exception {
        ForgeBuild.Result build = ForgeBuild.run(List.of("npm", "run", "build"), Map.of(), Duration.ofMinutes(2));
        assertThat(build.exit()).as(build.output()).isZero();
        Path out = ForgeBuild.APP.resolve("static/panel/build");
        for (String file : List.of("index.html", "panel.js", "panel.css", "icon.svg")) {
            assertThat(out.resolve(file)).as(file).isRegularFile();
        }
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<script src=\"./panel.js\"></script>").doesNotContain("style=").doesNotContain("<style");
        String js = Files.readString(out.resolve("panel.js"));
        assertThat(js).as("@forge/bridge is bundled in").contains("invokeRemote").doesNotContain("import ");
    }

    @Test
    void theManifestPassesForgesOwnValidation() {
        ForgeBuild.run(List.of("npm", "run", "build"), Map.of(), Duration.ofMinutes(2));
        ForgeBuild.Result valid = ForgeBuild.run(List.of("npm", "run", "validate"), DEPLOY_ENV, Duration.ofMinutes(2));
        assertThat(valid.exit()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("manifest.yml is valid");
        ForgeBuild.Result noUrl = ForgeBuild.run(List.of("npm", "run", "validate"), Map.of(), Duration.ofMinutes(2));
        assertThat(noUrl.exit()).as("the remote's base URL is set per environment at deploy time").isNotZero();
        assertThat(noUrl.output()).contains("CONNECTOR_BASE_URL");
    }

    @Test
    void forgesValidationRefusesABrokenManifest(@TempDir Path dir) throws Exception {
        ForgeBuild.run(List.of("npm", "run", "build"), Map.of(), Duration.ofMinutes(2));
        String manifest = Files.readString(ForgeBuild.APP.resolve("manifest.yml"));
        Files.writeString(dir.resolve("manifest.yml"), manifest.replace("endpoint: connector-panel", "endpoint: no-such-endpoint"));
        Files.createSymbolicLink(dir.resolve("static"), ForgeBuild.APP.resolve("static").toAbsolutePath());
        ForgeBuild.Result broken = ForgeBuild.run(List.of("node", "validate-manifest.mjs", dir.resolve("manifest.yml").toString()), DEPLOY_ENV,
                Duration.ofMinutes(2));
        assertThat(broken.exit()).isNotZero();
        assertThat(broken.output()).contains("undefined endpoint module with key 'no-such-endpoint'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManifestWiresTheIssuePanelToTheConnectorThroughForgeRemote() throws Exception {
        Map<String, Object> m = new Yaml().load(Files.readString(ForgeBuild.APP.resolve("manifest.yml")));
        Map<String, Object> modules = (Map<String, Object>) m.get("modules");
        Map<String, Object> panel = ((List<Map<String, Object>>) modules.get("jira:issuePanel")).get(0);
        assertThat(panel).containsEntry("resource", "panel").containsEntry("title", "HubSpot").containsEntry("icon", "resource:panel;icon.svg")
                .containsEntry("resolver", Map.of("endpoint", "connector-panel"));
        assertThat((List<Map<String, Object>>) modules.get("endpoint")).containsExactly(Map.of("key", "connector-panel", "remote", "connector"));
        Map<String, Object> remote = ((List<Map<String, Object>>) m.get("remotes")).get(0);
        assertThat(remote).containsEntry("key", "connector").containsEntry("baseUrl", "${CONNECTOR_BASE_URL}");
        assertThat(m.get("permissions").toString()).contains("backend=[{remote=connector}]");
        String ui = Files.readString(ForgeBuild.APP.resolve("static/panel/src/panel.js"));
        assertThat(ui).contains("from '@forge/bridge'").contains("invokeRemote(").contains("/forge/panel/");
    }
}
