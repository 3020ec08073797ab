package io.hubjira.convert;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.springframework.stereotype.Component;

/**
 * HTML (HubSpot notes, html/textarea properties) ⇄ Atlassian Document Format (Jira descriptions, textareas,
 * comments), plain text ⇄ ADF, and Jira's wiki markup → HTML. Paragraphs, line breaks, bullet and ordered lists
 * (nested), links, bold, italic, code, headings and quotes convert both ways; anything else keeps its text — no text is
 * ever dropped.
 */
@Component("richText")
public class AdfHtml implements RichText {

    private final ObjectMapper json;

    public AdfHtml(ObjectMapper json) {
        this.json = json;
    }

    // ---- HTML -> ADF --------------------------------------------------------------------------------------------

    @Override
    public JsonNode htmlToAdf(String html) {
        ObjectNode doc = doc();
        ArrayNode content = doc.withArray("content");
        Element body = Jsoup.parseBodyFragment(html == null ? "" : html).body();
        ArrayNode inline = null;
        for (Node node : body.childNodes()) {
            if (isBlock(node)) {
                inline = null;
                block((Element) node, content);
            } else {
                if (inline == null) {
                    ObjectNode paragraph = content.addObject().put("type", "paragraph");
                    inline = paragraph.putArray("content");
                }
                inline(node, inline, List.of());
            }
        }
        removeEmptyParagraphs(content);
        if (content.isEmpty()) {
            content.addObject().put("type", "paragraph").putArray("content");
        }
        return doc;
    }

    private void block(Element e, ArrayNode into) {
        String tag = e.normalName();
        switch (tag) {
            case "p", "div" -> {
                if (e.children().stream().anyMatch(this::isBlock)) {
                    for (Node child : e.childNodes()) {
                        if (isBlock(child)) {
                            block((Element) child, into);
                        } else {
                            ArrayNode inline = lastParagraph(into);
                            inline(child, inline, List.of());
                        }
                    }
                } else {
                    ObjectNode p = into.addObject().put("type", "paragraph");
                    ArrayNode inline = p.putArray("content");
                    e.childNodes().forEach(n -> inline(n, inline, List.of()));
                }
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                ObjectNode h = into.addObject().put("type", "heading");
                h.putObject("attrs").put("level", tag.charAt(1) - '0');
                ArrayNode inline = h.putArray("content");
                e.childNodes().forEach(n -> inline(n, inline, List.of()));
            }
            case "ul", "ol" -> {
                ObjectNode list = into.addObject().put("type", tag.equals("ul") ? "bulletList" : "orderedList");
                ArrayNode items = list.putArray("content");
                for (Element li : e.children()) {
                    ObjectNode item = items.addObject().put("type", "listItem");
                    ArrayNode itemContent = item.putArray("content");
                    ArrayNode inline = null;
                    for (Node child : li.childNodes()) {
                        if (isBlock(child)) {
                            inline = null;
                            block((Element) child, itemContent);
                        } else {
                            if (inline == null) {
                                inline = itemContent.addObject().put("type", "paragraph").putArray("content");
                            }
                            inline(child, inline, List.of());
                        }
                    }
                    if (itemContent.isEmpty()) {
                        itemContent.addObject().put("type", "paragraph").putArray("content");
                    }
                }
            }
            case "blockquote" -> {
                ObjectNode quote = into.addObject().put("type", "blockquote");
                ArrayNode quoted = quote.putArray("content");
                ObjectNode p = quoted.addObject().put("type", "paragraph");
                ArrayNode inline = p.putArray("content");
                e.childNodes().forEach(n -> inline(n, inline, List.of()));
            }
            case "pre" -> {
                ObjectNode code = into.addObject().put("type", "codeBlock");
                code.putArray("content").addObject().put("type", "text").put("text", e.wholeText());
            }
            default -> {
                ObjectNode p = into.addObject().put("type", "paragraph");
                ArrayNode inline = p.putArray("content");
                e.childNodes().forEach(n -> inline(n, inline, List.of()));
            }
        }
    }

    private void inline(Node node, ArrayNode into, List<ObjectNode> marks) {
        if (node instanceof TextNode t) {
            String text = t.getWholeText().replace('\u00a0', ' ');
            if (text.isEmpty()) {
                return;
            }
            ObjectNode n = into.addObject().put("type", "text").put("text", text);
            if (!marks.isEmpty()) {
                ArrayNode m = n.putArray("marks");
                marks.forEach(m::add);
            }
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        if (tag.equals("br")) {
            into.addObject().put("type", "hardBreak");
            return;
        }
        List<ObjectNode> inner = new java.util.ArrayList<>(marks);
        switch (tag) {
            case "strong", "b" -> inner.add(mark("strong"));
            case "em", "i" -> inner.add(mark("em"));
            case "code" -> inner.add(mark("code"));
            case "u" -> inner.add(mark("underline"));
            case "s", "strike", "del" -> inner.add(mark("strike"));
            case "a" -> {
                String href = e.attr("href");
                if (safeHref(href)) {
                    ObjectNode link = mark("link");
                    link.putObject("attrs").put("href", href);
                    inner.add(link);
                }
            }
            default -> { }
        }
        e.childNodes().forEach(n -> inline(n, into, inner));
    }

    private boolean isBlock(Node node) {
        return node instanceof Element e && switch (e.normalName()) {
            case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table" -> true;
            default -> false;
        };
    }

    private ArrayNode lastParagraph(ArrayNode into) {
        JsonNode last = into.isEmpty() ? null : into.get(into.size() - 1);
        if (last != null && "paragraph".equals(last.path("type").asText())) {
            return (ArrayNode) last.path("content");
        }
        return into.addObject().put("type", "paragraph").putArray("content");
    }

    private static void removeEmptyParagraphs(ArrayNode content) {
        for (int i = content.size() - 1; i >= 0; i--) {
            JsonNode n = content.get(i);
            if ("paragraph".equals(n.path("type").asText()) && n.path("content").isEmpty() && content.size() > 1) {
                content.remove(i);
            }
        }
    }

    // ---- ADF -> HTML --------------------------------------------------------------------------------------------

    @Override
    public String adfToHtml(JsonNode adf) {
        StringBuilder html = new StringBuilder();
        if (adf != null) {
            adf.path("content").forEach(n -> blockHtml(n, html));
        }
        return html.toString();
    }

    private void blockHtml(JsonNode n, StringBuilder out) {
        switch (n.path("type").asText()) {
            case "paragraph" -> {
                out.append("<p>");
                n.path("content").forEach(c -> inlineHtml(c, out));
                out.append("</p>");
            }
            case "heading" -> {
                int level = Math.max(1, Math.min(6, n.path("attrs").path("level").asInt(1)));
                out.append("<h").append(level).append('>');
                n.path("content").forEach(c -> inlineHtml(c, out));
                out.append("</h").append(level).append('>');
            }
            case "bulletList", "orderedList" -> {
                String tag = n.path("type").asText().equals("bulletList") ? "ul" : "ol";
                out.append('<').append(tag).append('>');
                for (JsonNode item : n.path("content")) {
                    out.append("<li>");
                    JsonNode parts = item.path("content");
                    for (JsonNode part : parts) {
                        if ("paragraph".equals(part.path("type").asText())) {
                            part.path("content").forEach(c -> inlineHtml(c, out));
                        } else {
                            blockHtml(part, out);
                        }
                    }
                    out.append("</li>");
                }
                out.append("</").append(tag).append('>');
            }
            case "blockquote" -> {
                out.append("<blockquote>");
                n.path("content").forEach(c -> blockHtml(c, out));
                out.append("</blockquote>");
            }
            case "codeBlock" -> {
                out.append("<pre>");
                n.path("content").forEach(c -> out.append(escape(c.path("text").asText())));
                out.append("</pre>");
            }
            case "rule" -> out.append("<hr>");
            default -> {
                // panels, tables, media…: keep their text
                String text = adfToText(n);
                if (!text.isBlank()) {
                    out.append("<p>").append(escape(text).replace("\n", "<br>")).append("</p>");
                }
            }
        }
    }

    private void inlineHtml(JsonNode n, StringBuilder out) {
        String type = n.path("type").asText();
        switch (type) {
            case "text" -> {
                String text = escape(n.path("text").asText());
                for (JsonNode mark : n.path("marks")) {
                    text = switch (mark.path("type").asText()) {
                        case "strong" -> "<strong>" + text + "</strong>";
                        case "em" -> "<em>" + text + "</em>";
                        case "code" -> "<code>" + text + "</code>";
                        case "underline" -> "<u>" + text + "</u>";
                        case "strike" -> "<s>" + text + "</s>";
                        case "link" -> {
                            String href = mark.path("attrs").path("href").asText();
                            yield safeHref(href) ? "<a href=\"" + escape(href) + "\">" + text + "</a>" : text;
                        }
                        default -> text;
                    };
                }
                out.append(text);
            }
            case "hardBreak" -> out.append("<br>");
            default -> out.append(escape(inlineText(n)));
        }
    }

    // ---- text ---------------------------------------------------------------------------------------------------

    @Override
    public JsonNode textToAdf(String text) {
        ObjectNode doc = doc();
        ArrayNode content = doc.withArray("content");
        String normalized = text == null ? "" : text.replace("\r\n", "\n");
        for (String paragraph : normalized.split("\n\n", -1)) {
            ArrayNode inline = content.addObject().put("type", "paragraph").putArray("content");
            String[] lines = paragraph.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    inline.addObject().put("type", "hardBreak");
                }
                if (!lines[i].isEmpty()) {
                    inline.addObject().put("type", "text").put("text", lines[i]);
                }
            }
        }
        return doc;
    }

    @Override
    public String adfToText(JsonNode adf) {
        if (adf == null || adf.isNull()) {
            return "";
        }
        if (adf.isTextual()) {
            return adf.asText();
        }
        StringBuilder out = new StringBuilder();
        JsonNode blocks = "doc".equals(adf.path("type").asText()) ? adf.path("content") : json.createArrayNode().add(adf);
        boolean first = true;
        for (JsonNode block : blocks) {
            if (!first) {
                out.append("\n\n");
            }
            first = false;
            blockText(block, out);
        }
        return out.toString();
    }

    private void blockText(JsonNode n, StringBuilder out) {
        String type = n.path("type").asText();
        if (type.equals("bulletList") || type.equals("orderedList")) {
            int i = 1;
            boolean firstItem = true;
            for (JsonNode item : n.path("content")) {
                if (!firstItem) {
                    out.append('\n');
                }
                firstItem = false;
                out.append(type.equals("bulletList") ? "- " : (i++) + ". ");
                StringBuilder itemText = new StringBuilder();
                boolean firstPart = true;
                for (JsonNode part : item.path("content")) {
                    if (!firstPart) {
                        itemText.append('\n');
                    }
                    firstPart = false;
                    blockText(part, itemText);
                }
                out.append(itemText);
            }
            return;
        }
        if (n.has("content") && n.path("content").isArray() && isBlockContainer(type)) {
            boolean firstChild = true;
            for (JsonNode child : n.path("content")) {
                if (!firstChild) {
                    out.append("\n\n");
                }
                firstChild = false;
                blockText(child, out);
            }
            return;
        }
        out.append(inlineText(n));
    }

    private static boolean isBlockContainer(String type) {
        return switch (type) {
            case "blockquote", "panel", "table", "tableRow", "tableCell", "tableHeader", "expand", "layoutSection", "layoutColumn" -> true;
            default -> false;
        };
    }

    private String inlineText(JsonNode n) {
        String type = n.path("type").asText();
        return switch (type) {
            case "text" -> n.path("text").asText();
            case "hardBreak" -> "\n";
            case "mention" -> n.path("attrs").path("text").asText("@" + n.path("attrs").path("id").asText());
            case "emoji" -> n.path("attrs").path("text").asText(n.path("attrs").path("shortName").asText());
            case "inlineCard", "blockCard" -> n.path("attrs").path("url").asText();
            case "date" -> n.path("attrs").path("timestamp").asText();
            case "status" -> n.path("attrs").path("text").asText();
            default -> {
                StringBuilder s = new StringBuilder();
                n.path("content").forEach(c -> s.append(inlineText(c)));
                yield s.toString();
            }
        };
    }

    // ---- wiki markup ---------------------------------------------------------------------------------------------

    @Override
    public String wikiToHtml(String wiki) {
        return WikiMarkup.toHtml(wiki == null ? "" : wiki);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private ObjectNode doc() {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content");
        return doc;
    }

    private ObjectNode mark(String type) {
        return json.createObjectNode().put("type", type);
    }

    static boolean safeHref(String href) {
        String h = href == null ? "" : href.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("http://") || h.startsWith("https://") || h.startsWith("mailto:");
    }

    /** HTML-escapes text (element content and attribute values alike): the one escaping of the connector. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
