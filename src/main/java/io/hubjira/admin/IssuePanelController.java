package io.hubjira.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.JiraScope;
import io.hubjira.jira.JiraNotConnectedException;
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
 * a Forge Invocation Token naming the Jira user it acts for ({@link ForgeSecurityConfig}) and the installation it comes
 * from, whose Jira connection ({@link ForgeSites}) is the site the call works against; {@code /api/panel/…} is the same
 * API for the admin's standalone panel page, on the site {@code ?jira=<id or name>} names (optional while there is one
 * Jira connection).
 */
@RestController
@RequestMapping({"/api/panel/{issueKey}", "/forge/panel/{issueKey}"})
public class IssuePanelController {

    private final IssuePanelService panel;
    private final ForgeSites forgeSites;
    private final ConnectionChoice choice;
    private final ConnectionScopes scopes;

    public IssuePanelController(IssuePanelService panel, ForgeSites forgeSites, ConnectionChoice choice, ConnectionScopes scopes) {
        this.panel = panel;
        this.forgeSites = forgeSites;
        this.choice = choice;
        this.scopes = scopes;
    }

    static final String JIRA = ConnectionChoice.JIRA_PARAM;

    public record LinkForm(@Size(max = 64, message = "must be at most {max} characters") String recordId) {}

    @GetMapping
    public Map<String, Object> panel(@PathVariable String issueKey, @RequestParam(name = JIRA, required = false) String jira,
                                     Authentication who) {
        IssuePanelService.requireIssueKey(issueKey);
        Optional<JiraScope> site = site(who, jira);
        return site.isEmpty() ? panel.notConfigured(issueKey) : panel.panel(site.get(), issueKey, actor(who));
    }

    @PostMapping("/items/{itemId}/link")
    public Map<String, Object> link(@PathVariable String issueKey, @PathVariable long itemId, @Valid @RequestBody LinkForm form,
                                    @RequestParam(name = JIRA, required = false) String jira, Authentication who) {
        IssuePanelService.requireRecordId(form.recordId());
        return panel.link(requiredSite(who, jira, issueKey), issueKey, itemId, form.recordId(), actor(who));
    }

    @GetMapping("/items/{itemId}/search")
    public Map<String, Object> search(@PathVariable String issueKey, @PathVariable long itemId,
                                      @RequestParam(name = "q", required = false) String text,
                                      @RequestParam(required = false) String after,
                                      @RequestParam(name = JIRA, required = false) String jira, Authentication who) {
        return panel.search(requiredSite(who, jira, issueKey), issueKey, itemId, text, after, actor(who));
    }

    @PostMapping("/items/{itemId}/refresh")
    public Map<String, Object> refresh(@PathVariable String issueKey, @PathVariable long itemId,
                                       @RequestParam(name = JIRA, required = false) String jira, Authentication who) {
        return panel.refresh(requiredSite(who, jira, issueKey), issueKey, itemId, actor(who));
    }

    @DeleteMapping("/items/{itemId}/link")
    public ResponseEntity<Void> unlink(@PathVariable String issueKey, @PathVariable long itemId,
                                       @RequestParam(name = JIRA, required = false) String jira, Authentication who) {
        panel.unlink(requiredSite(who, jira, issueKey), issueKey, itemId, actor(who));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/items/{itemId}/associated")
    public List<Map<String, Object>> associated(@PathVariable String issueKey, @PathVariable long itemId,
                                                @RequestParam(name = JIRA, required = false) String jira, Authentication who) {
        return panel.associated(requiredSite(who, jira, issueKey), issueKey, itemId, actor(who));
    }

    /**
     * The Jira site the call works against: a FIT's installation names it (a {@code ?jira=} beside a FIT is not
     * looked at: the token, not the browser, says where the panel is); the admin names it with {@code ?jira=}, which
     * may be left out while there is one Jira connection. Empty while no Jira connection exists.
     */
    private Optional<JiraScope> site(Authentication who, String jira) {
        Optional<Long> id = who instanceof JwtAuthenticationToken fit ? forgeSites.siteOf(fit.getToken()) : choice.jiraId(jira);
        return id.filter(connection -> connection != ForgeSites.NO_CONNECTION).map(scopes::jira);
    }

    /** The site of a call that changes or reads something of the issue: none yet is a 409 (after a malformed key's 400). */
    private JiraScope requiredSite(Authentication who, String jira, String issueKey) {
        IssuePanelService.requireIssueKey(issueKey);
        return site(who, jira).orElseThrow(JiraNotConnectedException::new);
    }

    /** A Forge Invocation Token acts for the Jira user it names; the admin credentials for the admin. */
    static PanelActor actor(Authentication who) {
        if (who instanceof JwtAuthenticationToken fit) {
            return PanelActor.jiraUser(ForgeSecurityConfig.accountId(fit.getToken()));
        }
        return PanelActor.admin(who == null ? null : who.getName());
    }
}
