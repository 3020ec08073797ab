package io.hubjira.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The line at the end of a Jira issue's description that names its HubSpot record ("HubSpot deal 1234 — Acme
 * renewal", linked to the record): written with the issue itself, so it costs no call, where an item has no Jira
 * remote links. It is kept at the end whenever the connector writes the description, and it is never copied back
 * into HubSpot: it is recognised as the description's last paragraph holding nothing but one linked text that starts
 * with "HubSpot ", after a horizontal rule when the description has content of its own.
 */
public final class RecordReference {

    static final String PREFIX = "HubSpot ";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordReference() {
    }

    /** The description with the reference at its end (a description of its own first, then a rule, then the reference). */
    public static JsonNode appended(JsonNode description, String title, String url) {
        ObjectNode doc = NODES.objectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        JsonNode own = stripped(description);
        if (own != null && own.path("content").isArray() && !own.path("content").isEmpty()) {
            own.path("content").forEach(content::add);
            content.addObject().put("type", "rule");
        }
        ObjectNode text = content.addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", title);
        text.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", url);
        return doc;
    }

    /** The description without the connector's reference (unchanged when it has none). */
    public static JsonNode stripped(JsonNode description) {
        if (description == null || !description.isObject() || !description.path("content").isArray()) {
            return description;
        }
        JsonNode content = description.path("content");
        int end = content.size();
        if (end == 0 || !isReference(content.get(end - 1))) {
            return description;
        }
        end--;
        if (end > 0 && "rule".equals(content.get(end - 1).path("type").asText())) {
            end--;
        }
        ObjectNode copy = ((ObjectNode) description).deepCopy();
        ArrayNode kept = copy.putArray("content");
        for (int i = 0; i < end; i++) {
            kept.add(content.get(i));
        }
        return copy;
    }

    private static boolean isReference(JsonNode block) {
        if (!"paragraph".equals(block.path("type").asText()) || block.path("content").size() != 1) {
            return false;
        }
        JsonNode text = block.path("content").get(0);
        if (!"text".equals(text.path("type").asText()) || !text.path("text").asText().startsWith(PREFIX)) {
            return false;
        }
        for (JsonNode mark : text.path("marks")) {
            if ("link".equals(mark.path("type").asText()) && !mark.path("attrs").path("href").asText().isBlank()) {
                return true;
            }
        }
        return false;
    }
}
