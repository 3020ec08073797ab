package io.hubjira.sandbox.jira;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ADF → Jira wiki markup, for webhook payloads: Jira Cloud's admin webhooks deliver REST v2 bodies, where comment
 * bodies and descriptions are wiki-markup strings.
 */
final class AdfToWiki {

    private AdfToWiki() {}

    static String convert(JsonNode adf) {
        if (adf == null || adf.isNull()) {
            return null;
        }
        if (adf.isTextual()) {
            return adf.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode block : adf.path("content")) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            block(block, out, "");
        }
        return out.toString();
    }

    private static void block(JsonNode n, StringBuilder out, String listPrefix) {
        switch (n.path("type").asText()) {
            case "paragraph" -> n.path("content").forEach(c -> inline(c, out));
            case "heading" -> {
                out.append('h').append(n.path("attrs").path("level").asInt(1)).append(". ");
                n.path("content").forEach(c -> inline(c, out));
            }
            case "bulletList", "orderedList" -> {
                String marker = listPrefix + (n.path("type").asText().equals("bulletList") ? "*" : "#");
                boolean first = true;
                for (JsonNode item : n.path("content")) {
                    if (!first) {
                        out.append('\n');
                    }
                    first = false;
                    out.append(marker).append(' ');
                    boolean firstPart = true;
                    for (JsonNode part : item.path("content")) {
                        if (part.path("type").asText().endsWith("List")) {
                            out.append('\n');
                            block(part, out, marker);
                        } else {
                            if (!firstPart) {
                                out.append(' ');
                            }
                            block(part, out, marker);
                        }
                        firstPart = false;
                    }
                }
            }
            case "blockquote" -> {
                out.append("{quote}");
                n.path("content").forEach(c -> block(c, out, listPrefix));
                out.append("{quote}");
            }
            case "codeBlock" -> {
                out.append("{code}");
                n.path("content").forEach(c -> out.append(c.path("text").asText()));
                out.append("{code}");
            }
            default -> n.path("content").forEach(c -> inline(c, out));
        }
    }

    private static void inline(JsonNode n, StringBuilder out) {
        switch (n.path("type").asText()) {
            case "text" -> {
                String text = n.path("text").asText();
                for (JsonNode mark : n.path("marks")) {
                    text = switch (mark.path("type").asText()) {
                        case "strong" -> "*" + text + "*";
                        case "em" -> "_" + text + "_";
                        case "code" -> "{{" + text + "}}";
                        case "link" -> "[" + text + "|" + mark.path("attrs").path("href").asText() + "]";
                        default -> text;
                    };
                }
                out.append(text);
            }
            case "hardBreak" -> out.append("\\\\\n");
            case "mention" -> out.append("[~accountid:").append(n.path("attrs").path("id").asText()).append(']');
            default -> n.path("content").forEach(c -> inline(c, out));
        }
    }
}
