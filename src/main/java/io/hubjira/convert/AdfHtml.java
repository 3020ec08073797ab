package io.hubjira.convert;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
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
 *
 * <p>Every walk is linear in its input: a text node carries each kind of mark once, however often the markup repeats
 * it, and below {@link #MAX_DEPTH} levels of nesting a subtree keeps only its text, read in one pass.
 */
@Component("richText")
public class AdfHtml implements RichText {

    /** Nesting deeper than this (a list in a list in a quote…, 48 levels) is adversarial: its text is kept, its structure flattened. */
    static final int MAX_DEPTH = 48;

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
                block((Element) node, content, 1);
            } else {
                if (inline == null) {
                    ObjectNode paragraph = content.addObject().put("type", "paragraph");
                    inline = paragraph.putArray("content");
                }
                inline(node, inline, List.of(), 1);
            }
        }
        removeEmptyParagraphs(content);
        if (content.isEmpty()) {
            content.addObject().put("type", "paragraph").putArray("content");
        }
        return doc;
    }

    private void block(Element e, ArrayNode into, int depth) {
        if (depth > MAX_DEPTH) {
            into.addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", flatText(e));
            return;
        }
        String tag = e.normalName();
        int below = depth + 1;
        switch (tag) {
            case "p", "div" -> {
                if (e.children().stream().anyMatch(this::isBlock)) {
                    for (Node child : e.childNodes()) {
                        if (isBlock(child)) {
                            block((Element) child, into, below);
                        } else {
                            ArrayNode inline = lastParagraph(into);
                            inline(child, inline, List.of(), below);
                        }
                    }
                } else {
                    ObjectNode p = into.addObject().put("type", "paragraph");
                    ArrayNode inline = p.putArray("content");
                    e.childNodes().forEach(n -> inline(n, inline, List.of(), below));
                }
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                ObjectNode h = into.addObject().put("type", "heading");
                h.putObject("attrs").put("level", tag.charAt(1) - '0');
                ArrayNode inline = h.putArray("content");
                e.childNodes().forEach(n -> inline(n, inline, List.of(), below));
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
                            block((Element) child, itemContent, below);
                        } else {
                            if (inline == null) {
                                inline = itemContent.addObject().put("type", "paragraph").putArray("content");
                            }
                            inline(child, inline, List.of(), below);
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
                e.childNodes().forEach(n -> inline(n, inline, List.of(), below));
            }
            case "pre" -> {
                ObjectNode code = into.addObject().put("type", "codeBlock");
                code.putArray("content").addObject().put("type", "text").put("text", e.wholeText());
            }
            default -> {
                ObjectNode p = into.addObject().put("type", "paragraph");
                ArrayNode inline = p.putArray("content");
                e.childNodes().forEach(n -> inline(n, inline, List.of(), below));
            }
        }
    }

    private void inline(Node node, ArrayNode into, List<ObjectNode> marks, int depth) {
        if (node instanceof TextNode t) {
            text(t.getWholeText(), into, marks);
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
        if (depth > MAX_DEPTH) {
            text(flatText(e), into, marks);
            return;
        }
        ObjectNode mark = switch (tag) {
            case "strong", "b" -> mark("strong");
            case "em", "i" -> mark("em");
            case "code" -> mark("code");
            case "u" -> mark("underline");
            case "s", "strike", "del" -> mark("strike");
            case "a" -> safeHref(e.attr("href")) ? link(e.attr("href")) : null;
            default -> null;
        };
        List<ObjectNode> inner = withMark(marks, mark);
        e.childNodes().forEach(n -> inline(n, into, inner, depth + 1));
    }

    private void text(String wholeText, ArrayNode into, List<ObjectNode> marks) {
        String text = wholeText.replace('\u00a0', ' ');
        if (text.isEmpty()) {
            return;
        }
        ObjectNode n = into.addObject().put("type", "text").put("text", text);
        if (!marks.isEmpty()) {
            ArrayNode m = n.putArray("marks");
            marks.forEach(m::add);
        }
    }

    /** ADF holds each kind of mark once on a text node: <b><b>x</b></b> is bold once, and the outer link wins. */
    private static List<ObjectNode> withMark(List<ObjectNode> marks, ObjectNode mark) {
        if (mark == null || marks.stream().anyMatch(m -> m.path("type").asText().equals(mark.path("type").asText()))) {
            return marks;
        }
        List<ObjectNode> inner = new java.util.ArrayList<>(marks);
        inner.add(mark);
        return inner;
    }

    private ObjectNode link(String href) {
        ObjectNode link = mark("link");
        link.putObject("attrs").put("href", href);
        return link;
    }

    /** The subtree's text in document order, in one pass (jsoup walks it without recursion). */
    private static String flatText(Element e) {
        return e.wholeText().replace('\u00a0', ' ');
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

    /** Drops empty paragraphs (one pass: removing them one by one would shift the rest each time), keeping at least one node. */
    private static void removeEmptyParagraphs(ArrayNode content) {
        List<JsonNode> kept = new java.util.ArrayList<>(content.size());
        for (JsonNode n : content) {
            if (!("paragraph".equals(n.path("type").asText()) && n.path("content").isEmpty())) {
                kept.add(n);
            }
        }
        if (kept.size() == content.size()) {
            return;
        }
        JsonNode first = content.isEmpty() ? null : content.get(0);
        content.removeAll();
        if (kept.isEmpty() && first != null) {
            content.add(first);
        } else {
            content.addAll(kept);
        }
    }

    // ---- ADF -> HTML --------------------------------------------------------------------------------------------

    @Override
    public String adfToHtml(JsonNode adf) {
        StringBuilder html = new StringBuilder();
        if (adf != null) {
            adf.path("content").forEach(n -> blockHtml(n, html, 1));
        }
        return html.toString();
    }

    private void blockHtml(JsonNode n, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            out.append("<p>").append(escape(flatText(n)).replace("\n", "<br>")).append("</p>");
            return;
        }
        int below = depth + 1;
        switch (n.path("type").asText()) {
            case "paragraph" -> {
                out.append("<p>");
                n.path("content").forEach(c -> inlineHtml(c, out, below));
                out.append("</p>");
            }
            case "heading" -> {
                int level = Math.max(1, Math.min(6, n.path("attrs").path("level").asInt(1)));
                out.append("<h").append(level).append('>');
                n.path("content").forEach(c -> inlineHtml(c, out, below));
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
                            part.path("content").forEach(c -> inlineHtml(c, out, below));
                        } else {
                            blockHtml(part, out, below);
                        }
                    }
                    out.append("</li>");
                }
                out.append("</").append(tag).append('>');
            }
            case "blockquote" -> {
                out.append("<blockquote>");
                n.path("content").forEach(c -> blockHtml(c, out, below));
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
                StringBuilder text = new StringBuilder();
                blockText(n, text, depth);
                if (!text.toString().isBlank()) {
                    out.append("<p>").append(escape(text.toString()).replace("\n", "<br>")).append("</p>");
                }
            }
        }
    }

    private void inlineHtml(JsonNode n, StringBuilder out, int depth) {
        String type = n.path("type").asText();
        switch (type) {
            case "text" -> {
                // the last mark is the outermost tag, as each mark wraps what the earlier ones made
                List<String[]> tags = new java.util.ArrayList<>();
                n.path("marks").forEach(mark -> tags.add(tags(mark)));
                for (int i = tags.size() - 1; i >= 0; i--) {
                    out.append(tags.get(i)[0]);
                }
                out.append(escape(n.path("text").asText()));
                tags.forEach(tag -> out.append(tag[1]));
            }
            case "hardBreak" -> out.append("<br>");
            default -> {
                StringBuilder text = new StringBuilder();
                inlineText(n, text, depth);
                out.append(escape(text.toString()));
            }
        }
    }

    /** A mark's opening and closing tags; none for a mark HTML does not show or a link to an unsafe address. */
    private static String[] tags(JsonNode mark) {
        return switch (mark.path("type").asText()) {
            case "strong" -> new String[] {"<strong>", "</strong>"};
            case "em" -> new String[] {"<em>", "</em>"};
            case "code" -> new String[] {"<code>", "</code>"};
            case "underline" -> new String[] {"<u>", "</u>"};
            case "strike" -> new String[] {"<s>", "</s>"};
            case "link" -> {
                String href = mark.path("attrs").path("href").asText();
                yield safeHref(href) ? new String[] {"<a href=\"" + escape(href) + "\">", "</a>"} : new String[] {"", ""};
            }
            default -> new String[] {"", ""};
        };
    }

    @Override
    public JsonNode emphasisedLine(String text) {
        ObjectNode paragraph = json.createObjectNode().put("type", "paragraph");
        paragraph.putArray("content").addObject().put("type", "text").put("text", text).putArray("marks").addObject().put("type", "em");
        return paragraph;
    }

    @Override
    public JsonNode startingWith(JsonNode block, JsonNode adf) {
        ObjectNode doc = ((ObjectNode) adf).deepCopy();
        doc.withArray("content").insert(0, block);
        return doc;
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
            blockText(block, out, 1);
        }
        return out.toString();
    }

    private void blockText(JsonNode n, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            out.append(flatText(n));
            return;
        }
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
                boolean firstPart = true;
                for (JsonNode part : item.path("content")) {
                    if (!firstPart) {
                        out.append('\n');
                    }
                    firstPart = false;
                    blockText(part, out, depth + 1);
                }
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
                blockText(child, out, depth + 1);
            }
            return;
        }
        inlineText(n, out, depth);
    }

    private static boolean isBlockContainer(String type) {
        return switch (type) {
            case "blockquote", "panel", "table", "tableRow", "tableCell", "tableHeader", "expand", "layoutSection", "layoutColumn" -> true;
            default -> false;
        };
    }

    private static void inlineText(JsonNode n, StringBuilder out, int depth) {
        String type = n.path("type").asText();
        switch (type) {
            case "text" -> out.append(n.path("text").asText());
            case "hardBreak" -> out.append('\n');
            case "mention" -> out.append(n.path("attrs").path("text").asText("@" + n.path("attrs").path("id").asText()));
            case "emoji" -> out.append(n.path("attrs").path("text").asText(n.path("attrs").path("shortName").asText()));
            case "inlineCard", "blockCard" -> out.append(n.path("attrs").path("url").asText());
            case "date" -> out.append(n.path("attrs").path("timestamp").asText());
            case "status" -> out.append(n.path("attrs").path("text").asText());
            default -> {
                if (depth > MAX_DEPTH) {
                    out.append(flatText(n));
                } else {
                    n.path("content").forEach(c -> inlineText(c, out, depth + 1));
                }
            }
        }
    }

    /** All inline text of an ADF subtree in document order, without recursion (the node may be nested without bound). */
    private static String flatText(JsonNode root) {
        StringBuilder out = new StringBuilder();
        Deque<Iterator<JsonNode>> open = new ArrayDeque<>();
        open.push(List.of(root).iterator());
        while (!open.isEmpty()) {
            if (!open.peek().hasNext()) {
                open.pop();
                continue;
            }
            JsonNode n = open.peek().next();
            if (n.path("content").isArray() && !n.path("content").isEmpty()) {
                open.push(n.path("content").iterator());
            } else {
                inlineText(n, out, 0);
            }
        }
        return out.toString();
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
