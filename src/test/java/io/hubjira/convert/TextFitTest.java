package io.hubjira.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.convert.TextFit.FullText;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Cutting a text to its target's limit: clean boundaries, well-formed markup, and the note within the limit. */
class TextFitTest {

    private static final String RECORD = "https://app-eu1.hubspot.com/contacts/4242/record/0-3/9001";
    private static final String NOTE = "… (truncated: the full text is in HubSpot " + RECORD + ")";

    private final ObjectMapper json = new ObjectMapper();
    private final TextFit fit = new TextFit(json);
    private final AdfHtml rich = new AdfHtml(json);

    @Test
    void aTextThatFitsIsLeftAsItIs() {
        assertThat(fit.plain("Renewal for Acme", 255, FullText.inHubSpot(RECORD))).isEqualTo("Renewal for Acme");
        assertThat(fit.plain("x".repeat(255), 255, FullText.inHubSpot(RECORD))).hasSize(255).doesNotContain("truncated");
        String html = "<p>short</p>";
        assertThat(fit.html(html, 100, FullText.inJira("https://acme.atlassian.net/browse/SUP-1"))).isSameAs(html);
    }

    @Test
    void aLongLineIsCutBeforeTheWordTheLimitFallsInAndEndsWithTheNote() {
        String name = "Enterprise renewal for Acme Corporation ".repeat(8); // 320 characters
        String cut = fit.plain(name, 255, FullText.inHubSpot(RECORD));
        assertThat(cut).hasSizeLessThanOrEqualTo(255).endsWith(NOTE);
        String kept = cut.substring(0, cut.length() - NOTE.length());
        assertThat(name).startsWith(kept);
        assertThat(name.charAt(kept.length())).as("cut at a space, not inside a word").isEqualTo(' ');
        assertThat(kept).doesNotEndWith(" ");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "🎉".repeat(200); // 400 chars, no spaces
        for (int max = 130; max < 140; max++) {
            String cut = fit.plain(emoji, max, FullText.inHubSpot(RECORD));
            String kept = cut.substring(0, cut.length() - NOTE.length());
            assertThat(cut).hasSizeLessThanOrEqualTo(max);
            assertThat(kept.codePoints().allMatch(cp -> cp == 0x1F389)).as("only whole emoji at limit %d", max).isTrue();
        }
    }

    @Test
    void htmlIsCutInsideItsTextAndStaysWellFormedWithALinkedNote() {
        StringBuilder note = new StringBuilder();
        for (int i = 0; note.length() < 100_000; i++) {
            note.append("<p>Paragraph ").append(i).append(" with <strong>bold <em>and italic</em></strong> words &amp; a <a href=\"https://example.com/")
                    .append(i).append("\">link</a></p><ul><li>item ").append(i).append("</li></ul>");
        }
        String cut = fit.html(note.toString(), 32_767, FullText.inJira("https://acme.atlassian.net/browse/SUP-7"));
        assertThat(cut.length()).isLessThanOrEqualTo(32_767).isGreaterThan(30_000);
        assertThat(cut).startsWith("<p>Paragraph 0 with <strong>bold <em>and italic</em></strong>")
                .endsWith("<p>… (truncated: the full text is in Jira <a href=\"https://acme.atlassian.net/browse/SUP-7\">"
                        + "https://acme.atlassian.net/browse/SUP-7</a>)</p>");
        Document reparsed = Jsoup.parseBodyFragment(cut);
        reparsed.outputSettings().prettyPrint(false);
        assertThat(reparsed.body().html()).as("every element the cut kept is closed").isEqualTo(cut);
    }

    @Test
    void adfIsMeasuredByItsJsonAndEndsWithANoteLinkingTheFullText() {
        JsonNode adf = rich.htmlToAdf("<p>" + "Word and <strong>bold</strong> ".repeat(3000) + "</p><p>last paragraph</p>");
        JsonNode cut = fit.adf(adf, 32_767, FullText.inHubSpot(RECORD));
        assertThat(fit.jsonLength(cut)).isLessThanOrEqualTo(32_767).isGreaterThan(30_000);
        ArrayNode content = (ArrayNode) cut.path("content");
        assertThat(content.get(0).path("content").get(0).path("text").asText()).isEqualTo("Word and ");
        JsonNode note = content.get(content.size() - 1);
        assertThat(rich.adfToText(note)).isEqualTo(NOTE);
        assertThat(note.toString()).contains("{\"type\":\"link\",\"attrs\":{\"href\":\"" + RECORD + "\"}}");
        assertThat(rich.adfToText(cut)).doesNotContain("last paragraph");
    }

    @Test
    void anAdfListCutInsideAnItemKeepsValidNodesOnly() {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        ArrayNode items = doc.putArray("content").addObject().put("type", "bulletList").putArray("content");
        for (int i = 0; i < 2000; i++) {
            items.addObject().put("type", "listItem").putArray("content").addObject().put("type", "paragraph").putArray("content")
                    .addObject().put("type", "text").put("text", "item number " + i);
        }
        JsonNode cut = fit.adf(doc, 10_000, FullText.inHubSpot(RECORD));
        assertThat(fit.jsonLength(cut)).isLessThanOrEqualTo(10_000);
        cut.path("content").get(0).path("content").forEach(item -> assertThat(item.path("content")).as("no empty list item").isNotEmpty());
    }

    @Test
    void theConnectorRecognisesItsOwnCutCopies() {
        String cut = fit.plain("x ".repeat(200), 255, FullText.inHubSpot(RECORD));
        assertThat(TextFit.isCutCopyFrom(cut, "HubSpot")).isTrue();
        assertThat(TextFit.isCutCopyFrom(cut, "Jira")).isFalse();
        assertThat(TextFit.isCutCopyFrom("an ordinary summary", "HubSpot")).isFalse();
    }
}
