package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.convert.AdfHtml;
import io.hubjira.convert.RichText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Threat: a Jira user who may comment (or a HubSpot user who may write a note) sends text built to make the
 * connector's conversions slow: unclosed and repeated markers, brackets, pipes, blank space, deep nesting. Each such
 * text of the largest size the source accepts converts well within a second; the quadratic expressions this replaced
 * took 5 s on the first comment below. The bound is generous on purpose: it catches a return of super-linear work,
 * not a slow machine.
 */
class LinearConversionTest {

    /** Jira's limit for a comment (and a description, a text area). */
    private static final int JIRA_COMMENT = 32_767;
    /** HubSpot's limit for a note body. */
    private static final int HUBSPOT_NOTE = 65_536;
    private static final Duration WELL_WITHIN = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RichText RICH = new AdfHtml(JSON);

    @BeforeAll
    static void warmUp() {
        // the first calls load and compile the converters; that is not what is measured
        for (int i = 0; i < 200; i++) {
            RICH.adfToHtml(RICH.htmlToAdf(RICH.wikiToHtml("h1. a\n* *b* _c_ {{d}} [e|https://x] !f.png! [~g]\n|h|i|\n{quote}j{quote}")));
            RICH.adfToText(RICH.textToAdf("k\n\nl"));
        }
    }

    static Stream<Arguments> adversarialComments() {
        StringBuilder deepening = new StringBuilder();
        for (int depth = 1; deepening.length() < JIRA_COMMENT; depth++) {
            deepening.append("*".repeat(depth)).append(" item\n");
        }
        return Stream.of(
                Arguments.of("{{ repeated, never closed", fill("{{")),
                Arguments.of("{{x then a space, never closed", fill("{{x ")),
                Arguments.of("{{ on lines whose }} is after a carriage return", fill("{{a\r", JIRA_COMMENT - 2) + "}}"),
                Arguments.of("*_ alternating", fill("*_")),
                Arguments.of("*word _word, never closed", fill("*a _b ")),
                Arguments.of("[ repeated", fill("[")),
                Arguments.of("[~ mentions, never closed", fill("[~")),
                Arguments.of("[text| links, never closed", fill("[a|")),
                Arguments.of("[http:// links, never closed", fill("[http://a")),
                Arguments.of("!image| never closed", fill("!a|")),
                Arguments.of("one list item 32,765 levels deep", "#".repeat(JIRA_COMMENT - 2) + " x"),
                Arguments.of("one line of 32,765 list stars", "*".repeat(JIRA_COMMENT - 2) + " x"),
                Arguments.of("list items one level deeper each line", deepening.substring(0, JIRA_COMMENT)),
                Arguments.of("| repeated", fill("|")),
                Arguments.of("table rows of ||", fill("||a||b||\n|c|d|\n")),
                Arguments.of("blank space between two words", "a" + " ".repeat(JIRA_COMMENT - 2) + "b"),
                Arguments.of("list markers, blank space, a line separator", "* " + " ".repeat(JIRA_COMMENT - 3) + "\u2028"),
                Arguments.of("h1. blank space, a next-line character", "h1." + " ".repeat(JIRA_COMMENT - 4) + "\u0085"),
                Arguments.of("{quote} toggles", fill("{quote}\n")),
                Arguments.of("{code} toggles", fill("{code}\nx\n")),
                Arguments.of("every marker mixed", fill("* {{*_[~[a|!b|\\\\")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialComments")
    void anAdversarialJiraCommentConvertsWellWithinASecond(String name, String comment) {
        assertThat(comment).hasSize(JIRA_COMMENT);
        String html = assertTimeoutPreemptively(WELL_WITHIN, () -> RICH.wikiToHtml(comment));
        assertThat(html).as("the HTML of %s", name).isNotEmpty();
    }

    @Test
    void unclosedMarkersStayTheTextTheyWere() {
        assertThat(RICH.wikiToHtml(fill("{{"))).isEqualTo("<p>" + "{".repeat(JIRA_COMMENT) + "</p>");
        assertThat(RICH.wikiToHtml(fill("["))).isEqualTo("<p>" + "[".repeat(JIRA_COMMENT) + "</p>");
        assertThat(RICH.wikiToHtml(fill("[~"))).doesNotContain("@");
    }

    @Test
    void aListNestedThousandsOfLevelsDeepNestsOnlyAsFarAsAnyoneWrites() {
        String html = RICH.wikiToHtml("#".repeat(JIRA_COMMENT - 2) + " x");
        assertThat(html).contains("<li>x</li>");
        assertThat(deepestNesting(html, "<ol>", "</ol>")).isEqualTo(32);
    }

    static Stream<Arguments> adversarialNotes() {
        return Stream.of(
                Arguments.of("<b> nested 21,845 deep", "<b>".repeat(HUBSPOT_NOTE / 3) + "x"),
                Arguments.of("<ul><li> nested", nest("<ul><li>")),
                Arguments.of("<div> nested", nest("<div>")),
                Arguments.of("<blockquote> nested", nest("<blockquote>")),
                Arguments.of("<table><tr><td> nested", nest("<table><tr><td>")),
                Arguments.of("3,000 open <b>, then thousands of paragraphs", "<b>".repeat(3000) + fill("<p>x", HUBSPOT_NOTE - 9000)),
                Arguments.of("every mark open 2,000 times, then line breaks", "<b><i><u><s><code>".repeat(2000) + fill("x<br>", HUBSPOT_NOTE - 36_000)),
                Arguments.of("distinct unclosed <i>, then paragraphs", distinctOpenings(HUBSPOT_NOTE)),
                Arguments.of("empty paragraphs", nest("<p></p>")),
                Arguments.of("unclosed links", nest("<a href=\"https://x\">")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialNotes")
    void anAdversarialHubSpotNoteConvertsWellWithinASecondAndKeepsItsText(String name, String note) {
        assertThat(note.length()).isLessThanOrEqualTo(HUBSPOT_NOTE);
        JsonNode adf = assertTimeoutPreemptively(WELL_WITHIN, () -> RICH.htmlToAdf(note));
        String html = assertTimeoutPreemptively(WELL_WITHIN, () -> RICH.adfToHtml(adf));
        assertThat(RICH.adfToText(adf)).contains("x");
        assertThat(html).contains("x");
    }

    @Test
    void aTextNodeCarriesEachMarkOnceHoweverOftenTheNoteRepeatsIt() {
        JsonNode adf = RICH.htmlToAdf("<b>".repeat(3000) + "<p>x</p>");
        assertThat(adf.toString()).hasSizeLessThan(500);
    }

    static Stream<Arguments> adversarialAdf() {
        return Stream.of(
                Arguments.of("blockquotes nested 20,000 deep", nested(20_000, inner -> block("blockquote", inner))),
                Arguments.of("bullet lists nested 10,000 deep", nested(10_000, inner -> block("bulletList", block("listItem", inner)))),
                Arguments.of("panels in table cells nested 10,000 deep", nested(10_000, inner -> block("panel", block("tableCell", inner)))),
                Arguments.of("unknown inline nodes nested 20,000 deep", nested(20_000, inner -> paragraphOf(block("fancy", inner)))),
                Arguments.of("one text with 16,000 marks", manyMarks(16_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialAdf")
    void anAdversarialAdfBodyConvertsWellWithinASecondAndKeepsItsText(String name, JsonNode adf) {
        String html = assertTimeoutPreemptively(WELL_WITHIN, () -> RICH.adfToHtml(adf));
        String text = assertTimeoutPreemptively(WELL_WITHIN, () -> RICH.adfToText(adf));
        assertThat(html).contains("x");
        assertThat(text).contains("x");
    }

    // ---- inputs ----------------------------------------------------------------------------------------------------

    private static String fill(String unit) {
        return fill(unit, JIRA_COMMENT);
    }

    private static String fill(String unit, int length) {
        return unit.repeat(length / unit.length() + 1).substring(0, length);
    }

    /** As many whole {@code unit}s as fit in a note, then the text "x". */
    private static String nest(String unit) {
        return unit.repeat((HUBSPOT_NOTE - 1) / unit.length()) + "x";
    }

    private static String distinctOpenings(int length) {
        StringBuilder html = new StringBuilder();
        for (int i = 0; html.length() < length / 2; i++) {
            html.append("<i data-n=").append(i).append('>');
        }
        return html.append(fill("<p>x", length - html.length())).toString();
    }

    private static int deepestNesting(String html, String open, String close) {
        int depth = 0;
        int deepest = 0;
        for (int i = 0; i < html.length(); i++) {
            if (html.startsWith(open, i)) {
                deepest = Math.max(deepest, ++depth);
            } else if (html.startsWith(close, i)) {
                depth--;
            }
        }
        return deepest;
    }

    /** A document whose content is {@code levels} wrappings around one paragraph "x" (built directly: a JSON parser would refuse it). */
    private static JsonNode nested(int levels, UnaryOperator<ObjectNode> wrap) {
        ObjectNode node = paragraphOf(JSON.createObjectNode().put("type", "text").put("text", "x"));
        for (int i = 0; i < levels; i++) {
            node = wrap.apply(node);
        }
        ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").add(node);
        return doc;
    }

    private static ObjectNode block(String type, ObjectNode child) {
        ObjectNode node = JSON.createObjectNode().put("type", type);
        node.putArray("content").add(child);
        return node;
    }

    private static ObjectNode paragraphOf(ObjectNode inline) {
        return block("paragraph", inline);
    }

    private static JsonNode manyMarks(int count) {
        ObjectNode text = JSON.createObjectNode().put("type", "text").put("text", "x".repeat(JIRA_COMMENT));
        ArrayNode marks = text.putArray("marks");
        for (int i = 0; i < count; i++) {
            marks.addObject().put("type", i % 2 == 0 ? "strong" : "link").putObject("attrs").put("href", "https://example.com/" + i);
        }
        ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").add(paragraphOf(text));
        return doc;
    }
}
