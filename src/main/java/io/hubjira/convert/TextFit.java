package io.hubjira.convert;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.springframework.stereotype.Component;

/**
 * Fits a text into its target's limit (the clients' {@code JiraTextLimit} and {@code HubSpotTextLimit}), so that a
 * long comment, note or field is never refused: a longer text keeps its beginning, cut at a clean boundary (never
 * inside a surrogate pair, at a word when one is near, never inside an HTML element or an ADF node — the source text is
 * cut and the markup around it stays well-formed), and ends with a visible note saying where the full text is. The
 * note fits within the limit too. Plain text and HTML are measured in characters, ADF by the length of its JSON.
 * Every step is linear in the text.
 */
@Component("textFit")
public class TextFit {

    /** How far back a cut looks for a space, so that it does not split a word. */
    private static final int WORD_REACH = 64;
    private static final String NOTE_START = "(truncated: the full text is in ";

    /** Where the full text of a cut copy is: the system's name and the page of the record or issue there. */
    public record FullText(String system, String url) {

        public static FullText inHubSpot(String recordUrl) {
            return new FullText("HubSpot", recordUrl);
        }

        public static FullText inJira(String issueUrl) {
            return new FullText("Jira", issueUrl);
        }

        /** "… (truncated: the full text is in HubSpot https://…)". */
        public String note() {
            return "… " + NOTE_START + system + " " + url + ")";
        }
    }

    private final ObjectMapper json;

    public TextFit(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Whether the text is a copy the connector cut because the full text lives in {@code system} ("HubSpot" or "Jira"):
     * such a copy is never written back over the full text.
     */
    public static boolean isCutCopyFrom(String text, String system) {
        return text != null && text.contains(NOTE_START + system + " ");
    }

    /** Plain text of at most {@code maxLength} characters. */
    public String plain(String text, int maxLength, FullText where) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        String note = where.note();
        if (note.length() >= maxLength) {
            return text.substring(0, cleanCut(text, maxLength - 1)) + "…";
        }
        return text.substring(0, cleanCut(text, maxLength - note.length())) + note;
    }

    /** HTML of at most {@code maxLength} characters; the note is a last paragraph with the link. */
    public String html(String html, int maxLength, FullText where) {
        if (html == null || html.length() <= maxLength) {
            return html;
        }
        String note = "<p>" + AdfHtml.escape("… " + NOTE_START + where.system() + " ") + "<a href=\"" + AdfHtml.escape(where.url()) + "\">"
                + AdfHtml.escape(where.url()) + "</a>)</p>";
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        int textBudget = maxLength - note.length();
        for (int attempt = 0; textBudget > 0; attempt++) {
            Element body = doc.body().clone();
            keepText(body, textBudget);
            String cut = body.html() + note;
            if (cut.length() <= maxLength) {
                return cut;
            }
            textBudget = smallerBudget(textBudget, cut.length() - note.length(), maxLength - note.length(), attempt);
        }
        return note.length() <= maxLength ? note : "…";
    }

    /** An ADF document whose JSON is at most {@code maxLength} characters; the note is a last paragraph with a link. */
    public JsonNode adf(JsonNode adf, int maxLength, FullText where) {
        if (adf == null || !adf.isObject() || jsonLength(adf) <= maxLength) {
            return adf;
        }
        ObjectNode note = json.createObjectNode().put("type", "paragraph");
        ArrayNode noteContent = note.putArray("content");
        noteContent.addObject().put("type", "text").put("text", "… " + NOTE_START + where.system() + " ");
        ObjectNode link = noteContent.addObject().put("type", "text").put("text", where.url());
        link.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", where.url());
        noteContent.addObject().put("type", "text").put("text", ")");
        int noteLength = jsonLength(note) + 1;
        int textBudget = maxLength - noteLength;
        for (int attempt = 0; ; attempt++) {
            int[] left = {Math.max(0, textBudget)};
            JsonNode kept = keepText(adf, left);
            ObjectNode cut = kept != null ? (ObjectNode) kept : json.createObjectNode().put("type", "doc").put("version", 1);
            cut.withArray("content").add(note);
            int length = jsonLength(cut);
            if (length <= maxLength || textBudget <= 0) {
                return cut;
            }
            textBudget = smallerBudget(textBudget, length - noteLength, maxLength - noteLength, attempt);
        }
    }

    /**
     * The next text budget after {@code budget} characters of text made {@code made} characters of markup where
     * {@code room} fit: first in proportion (markup grows with its text, so a few tries land just under the limit),
     * then by the excess alone, which always fits (each character of text taken away takes at least one of markup).
     */
    private static int smallerBudget(int budget, int made, int room, int attempt) {
        int excess = made - room;
        if (attempt < 6) {
            int proportional = (int) ((long) budget * room / made);
            return Math.max(Math.min(proportional, budget - 1), budget - excess);
        }
        return budget - excess;
    }

    /** The length of the JSON Jira receives for this value. */
    public int jsonLength(JsonNode value) {
        try {
            return json.writeValueAsString(value).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ADF tree always serializes", e);
        }
    }

    // ---- cutting ----------------------------------------------------------------------------------------------------

    /**
     * Where to cut {@code text} to keep at most {@code max} characters: not between the two halves of a surrogate
     * pair, before the word the limit falls in when a space is near, and without trailing blank space.
     */
    static int cleanCut(String text, int max) {
        if (max >= text.length()) {
            return text.length();
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        if (end > 0 && !Character.isWhitespace(text.charAt(end)) && !Character.isWhitespace(text.charAt(end - 1))) {
            for (int i = end - 1; i > 0 && i >= end - WORD_REACH; i--) {
                if (Character.isWhitespace(text.charAt(i))) {
                    end = i;
                    break;
                }
            }
        }
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Keeps the first {@code budget} characters of the element's text: the text node the limit falls in is cut, everything after it goes. */
    private static void keepText(Element root, int budget) {
        List<TextNode> texts = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                texts.add(t);
            }
        }, root);
        int used = 0;
        for (TextNode t : texts) {
            String text = t.getWholeText();
            if (used + text.length() <= budget) {
                used += text.length();
                continue;
            }
            t.text(text.substring(0, cleanCut(text, budget - used)));
            for (Node n = t; n != null && n != root; n = n.parent()) {
                while (n.nextSibling() != null) {
                    n.nextSibling().remove();
                }
            }
            return;
        }
    }

    /**
     * A copy of the ADF node keeping the first {@code left[0]} characters of its text (an inline node that is no text
     * counts as one); the text node the limit falls in is cut, the nodes after it are left out. Null when nothing of
     * the node is kept.
     */
    private JsonNode keepText(JsonNode node, int[] left) {
        if ("text".equals(node.path("type").asText())) {
            String text = node.path("text").asText();
            if (text.length() <= left[0]) {
                left[0] -= text.length();
                return node;
            }
            String kept = text.substring(0, cleanCut(text, left[0]));
            left[0] = 0;
            return kept.isEmpty() ? null : ((ObjectNode) node.deepCopy()).put("text", kept);
        }
        if (!node.path("content").isArray()) {
            if (left[0] <= 0) {
                return null;
            }
            left[0]--;
            return node;
        }
        ObjectNode copy = json.createObjectNode();
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("content")) {
                copy.set(e.getKey(), e.getValue());
            }
        });
        ArrayNode content = copy.putArray("content");
        for (JsonNode child : node.path("content")) {
            if (left[0] <= 0) {
                break;
            }
            JsonNode kept = keepText(child, left);
            if (kept != null) {
                content.add(kept);
            }
        }
        // a list, quote or item left without its content would not be valid ADF
        return content.isEmpty() && !node.path("content").isEmpty() ? null : copy;
    }
}
