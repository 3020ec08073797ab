package io.hubjira.admin;

import java.util.List;
import java.util.Map;

import io.hubjira.panel.IssuePanelService;
import io.hubjira.panel.PanelActor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issue-panel API. {@code /forge/panel/…} is what the panel inside Jira calls through Forge Remote, each call with
 * a Forge Invocation Token naming the Jira user it acts for ({@link ForgeSecurityConfig}); {@code /api/panel/…} is the
 * same API for the admin's standalone panel page.
 */
@RestController
@RequestMapping({"/api/panel/{issueKey}", "/forge/panel/{issueKey}"})
public class IssuePanelController {

    private final IssuePanelService panel;

    public IssuePanelController(IssuePanelService panel) {
        this.panel = panel;
    }

    public record LinkForm(@Size(max = 64, message = "must be at most {max} characters") String recordId) {}

    @GetMapping
    public Map<String, Object> panel(@PathVariable String issueKey, Authentication who) {
        return panel.panel(issueKey, actor(who));
    }

    @PostMapping("/items/{itemId}/link")
    public Map<String, Object> link(@PathVariable String issueKey, @PathVariable long itemId, @Valid @RequestBody LinkForm form,
                                    Authentication who) {
        return panel.link(issueKey, itemId, form.recordId(), actor(who));
    }

    @GetMapping("/items/{itemId}/search")
    public Map<String, Object> search(@PathVariable String issueKey, @PathVariable long itemId,
                                      @RequestParam(name = "q", required = false) String text,
                                      @RequestParam(required = false) String after, Authentication who) {
        return panel.search(issueKey, itemId, text, after, actor(who));
    }

    @PostMapping("/items/{itemId}/refresh")
    public Map<String, Object> refresh(@PathVariable String issueKey, @PathVariable long itemId, Authentication who) {
        return panel.refresh(issueKey, itemId, actor(who));
    }

    @DeleteMapping("/items/{itemId}/link")
    public ResponseEntity<Void> unlink(@PathVariable String issueKey, @PathVariable long itemId, Authentication who) {
        panel.unlink(issueKey, itemId, actor(who));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/items/{itemId}/associated")
    public List<Map<String, Object>> associated(@PathVariable String issueKey, @PathVariable long itemId, Authentication who) {
        return panel.associated(issueKey, itemId, actor(who));
    }

    /** A Forge Invocation Token acts for the Jira user it names; the admin credentials for the admin. */
    static PanelActor actor(Authentication who) {
        if (who instanceof JwtAuthenticationToken fit) {
            return PanelActor.jiraUser(ForgeSecurityConfig.accountId(fit.getToken()));
        }
        return PanelActor.admin(who == null ? null : who.getName());
    }
}
