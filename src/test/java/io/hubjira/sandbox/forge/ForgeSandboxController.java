package io.hubjira.sandbox.forge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hubjira.sandbox.jira.JiraSandbox;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated Forge platform under /sandbox/forge: Atlassian's JWKS, and a host page for the panel's Custom UI built
 * with the stub bridge (target/forge-host, made by the Forge build in the tests): the stub signs FITs with the
 * sandbox's key in the browser, for the user and issue the page names, and calls the connector's /forge endpoints with
 * them, as Forge Remote would.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/forge")
public class ForgeSandboxController {

    /** Where the Forge build puts the panel built with the stub bridge. */
    public static final Path HOST_DIR = Path.of("target", "forge-host");

    private final ForgeSandbox forge;
    private final JiraSandbox jira;

    public ForgeSandboxController(ForgeSandbox forge, JiraSandbox jira) {
        this.forge = forge;
        this.jira = jira;
    }

    @GetMapping(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return forge.jwks();
    }

    /**
     * What the stub bridge needs to play Forge for one user on one issue: the signing key (a sandbox key, private part
     * included: this is the test's own Forge), the app and installation, and the issue's context.
     */
    @GetMapping("/host/config.json")
    public Map<String, Object> hostConfig(@RequestParam String issue, @RequestParam String accountId) {
        JiraSandbox.Issue i = jira.issue(issue).orElseThrow(() -> new IllegalArgumentException("no issue " + issue));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("privateJwk", forge.signingKey().toJSONObject());
        config.put("claims", forge.claims(accountId, i.key, i.id).build().toJSONObject());
        config.put("context", Map.of("cloudId", forge.installation().cloudId(), "moduleKey", "hubspot-issue-panel", "extension", Map.of(
                "type", "jira:issuePanel", "issue", Map.of("id", i.id, "key", i.key, "type", "Task", "typeId", i.issueTypeId),
                "project", Map.of("key", i.projectKey, "type", "software"))));
        return config;
    }

    /** The panel's files as the stub-bridge build left them. */
    @GetMapping("/host/**")
    public ResponseEntity<byte[]> hostFile(HttpServletRequest request) throws IOException {
        String relative = request.getRequestURI().substring(request.getContextPath().length() + "/sandbox/forge/host/".length());
        Path file = HOST_DIR.resolve(relative.isEmpty() ? "index.html" : relative).normalize();
        if (!file.startsWith(HOST_DIR) || !Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        MediaType type = MediaTypeFactory.getMediaType(file.getFileName().toString()).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(Files.readAllBytes(file));
    }
}
