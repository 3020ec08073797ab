package io.hubjira.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.failure.InvalidInputException;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.ItemDefinition;
import io.hubjira.item.ItemService;
import io.hubjira.item.SmartConnectedItem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for Smart Connected Items. The list shows one row per item with a direction summary per mapping. */
@RestController
@RequestMapping("/api/items")
public class ItemController {

    private final ItemService items;

    public ItemController(ItemService items) {
        this.items = items;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return items.list().stream().map(ItemController::row).toList();
    }

    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id) {
        return full(items.get(id));
    }

    /** The saved item, with {@code warnings}: what it will likely run into although it is valid (field and reason). */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody ItemDefinition definition) {
        return ResponseEntity.status(HttpStatus.CREATED).body(saved(items.create(definition)));
    }

    /** Optional {@code If-Match: <version>} refuses to overwrite a newer version. */
    @PutMapping("/{id}")
    public Map<String, Object> update(@PathVariable long id, @RequestBody ItemDefinition definition,
                                      @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Integer expected = ifMatch == null ? null : version(ifMatch);
        return saved(items.update(id, definition, expected));
    }

    private Map<String, Object> saved(SmartConnectedItem item) {
        Map<String, Object> answer = full(item);
        answer.put("warnings", items.warnings(item));
        return answer;
    }

    @PostMapping("/{id}/pause")
    public Map<String, Object> pause(@PathVariable long id) {
        return full(items.setEnabled(id, false));
    }

    @PostMapping("/{id}/resume")
    public Map<String, Object> resume(@PathVariable long id) {
        return full(items.setEnabled(id, true));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        items.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static Integer version(String ifMatch) {
        String value = ifMatch.replace("\"", "").trim();
        if (!value.matches("\\d{1,9}")) {
            throw new io.hubjira.failure.InvalidInputException(400, "invalid_if_match", "If-Match",
                    "If-Match must be the item's version number (as GET /api/items/{id} shows it); got '"
                            + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'.");
        }
        return Integer.valueOf(value);
    }

    static Map<String, Object> row(SmartConnectedItem item) {
        ItemDefinition d = item.definition();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", item.id());
        row.put("name", d.name());
        row.put("mode", d.mode());
        row.put("hubspotModule", d.hubspotModule());
        row.put("hubspotObject", d.hubspotObject());
        row.put("jiraProjects", d.jiraProjects());
        row.put("enabled", d.isEnabled());
        List<Map<String, String>> directions = new ArrayList<>();
        for (FieldMapping m : d.fieldMappings()) {
            directions.add(Map.of("hubspotProperty", m.hubspotProperty(), "jiraField", m.jiraField(),
                    "owner", m.owner().name(), "direction", m.owner().arrow(),
                    "summary", m.hubspotProperty() + " " + m.owner().arrow() + " " + m.jiraField()));
        }
        row.put("mappings", directions);
        row.put("statusSync", d.isStatusSync());
        row.put("commentsSync", d.isCommentsSync());
        row.put("attachmentsSync", d.isAttachmentsSync());
        row.put("autoCreate", d.isAutoCreate());
        row.put("source", item.source());
        return row;
    }

    static Map<String, Object> full(SmartConnectedItem item) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", item.id());
        answer.put("version", item.version());
        answer.put("source", item.source());
        answer.put("createdAt", item.createdAt() == null ? null : item.createdAt().toString());
        answer.put("updatedAt", item.updatedAt() == null ? null : item.updatedAt().toString());
        answer.put("definition", item.definition());
        answer.put("directions", row(item).get("mappings"));
        return answer;
    }
}
