package io.hubjira.admin;

import java.util.List;
import java.util.Map;

import io.hubjira.panel.IssuePanelService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The issue-panel API Jira users reach (authenticated like the admin API). */
@RestController
@RequestMapping("/api/panel/{issueKey}")
public class IssuePanelController {

    private final IssuePanelService panel;

    public IssuePanelController(IssuePanelService panel) {
        this.panel = panel;
    }

    public record LinkForm(@Size(max = 64, message = "must be at most {max} characters") String recordId) {}

    @GetMapping
    public Map<String, Object> panel(@PathVariable String issueKey) {
        return panel.panel(issueKey);
    }

    @PostMapping("/items/{itemId}/link")
    public Map<String, Object> link(@PathVariable String issueKey, @PathVariable long itemId, @Valid @RequestBody LinkForm form) {
        return panel.link(issueKey, itemId, form.recordId());
    }

    @GetMapping("/items/{itemId}/search")
    public Map<String, Object> search(@PathVariable String issueKey, @PathVariable long itemId,
                                      @RequestParam(name = "q", required = false) String text,
                                      @RequestParam(required = false) String after) {
        return panel.search(issueKey, itemId, text, after);
    }

    @PostMapping("/items/{itemId}/refresh")
    public Map<String, Object> refresh(@PathVariable String issueKey, @PathVariable long itemId) {
        return panel.refresh(issueKey, itemId);
    }

    @DeleteMapping("/items/{itemId}/link")
    public ResponseEntity<Void> unlink(@PathVariable String issueKey, @PathVariable long itemId) {
        panel.unlink(issueKey, itemId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/items/{itemId}/associated")
    public List<Map<String, Object>> associated(@PathVariable String issueKey, @PathVariable long itemId) {
        return panel.associated(issueKey, itemId);
    }
}
