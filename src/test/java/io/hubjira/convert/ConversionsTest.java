package io.hubjira.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.jira.JiraFieldJson;
import io.hubjira.jira.JiraFieldValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotMetadata.OptionInfo;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.AllowedValue;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.catalog.JiraMetadata.FieldSchema;
import io.hubjira.item.ConditionalRule;
import io.hubjira.item.FieldOwner;
import io.hubjira.people.People;
import org.junit.jupiter.api.Test;

/** Value transforms both ways, ADF and wiki conversions, type-pair safety and rule operators. */
class ConversionsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AdfHtml rich = new AdfHtml(json);
    private final People people = new People() {
        @Override
        public Optional<String> jiraAccountForOwner(String ownerId) {
            return ownerId.equals("501") ? Optional.of("acc-ada") : Optional.empty();
        }

        @Override
        public Optional<String> ownerForJiraAccount(String accountId) {
            return accountId.equals("acc-ada") ? Optional.of("501") : Optional.empty();
        }
    };
    /** For conversions of fields that name no person: nobody on either side. */
    static final People NOBODY = new People() {
        @Override
        public Optional<String> jiraAccountForOwner(String ownerId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> ownerForJiraAccount(String accountId) {
            return Optional.empty();
        }
    };
    private final ValueConversions values = new ValueConversions(rich, new TextFit(json));

    /** A field's value as a read of the issue holds it. */
    private JiraFieldValue held(JsonNode jiraAnswer, FieldInfo field) {
        return JiraFieldJson.read(jiraAnswer, values.shape(field));
    }

    private static PropertyInfo prop(String name, String type, String fieldType, OptionInfo... options) {
        return new PropertyInfo(name, name, type, fieldType, List.of(options), false, null);
    }

    private static FieldInfo field(String id, String type, String items, String system, String custom, String... allowed) {
        return new FieldInfo(id, id, false, false, new FieldSchema(type, items, system, custom),
                java.util.Arrays.stream(allowed).map(a -> new AllowedValue("1" + a.hashCode(), a, null)).toList(), List.of("set"));
    }

    static final FieldInfo SUMMARY = field("summary", "string", null, "summary", null);
    static final FieldInfo DESCRIPTION = field("description", "string", null, "description", null);
    static final FieldInfo NUMBER = field("customfield_1", "number", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:float");
    static final FieldInfo DATE = field("duedate", "date", null, "duedate", null);
    static final FieldInfo DATETIME = field("customfield_2", "datetime", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:datetime");
    static final FieldInfo SEGMENT = field("customfield_3", "option", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:select", "New Business", "Existing Business");
    static final FieldInfo REGIONS = field("customfield_4", "array", "option", null, "com.atlassian.jira.plugin.system.customfieldtypes:multiselect", "EMEA", "APAC");
    static final FieldInfo LABELS = field("labels", "array", "string", "labels", null);
    static final FieldInfo PRIORITY = new FieldInfo("priority", "Priority", false, false, new FieldSchema("priority", null, "priority", null),
            List.of(new AllowedValue("1", null, "Highest"), new AllowedValue("3", null, "Medium")), List.of("set"));
    static final FieldInfo ASSIGNEE = field("assignee", "user", null, "assignee", null);

    static final PropertyInfo DEALTYPE = prop("dealtype", "enumeration", "select", new OptionInfo("New Business", "newbusiness", 0),
            new OptionInfo("Existing Business", "existingbusiness", 1));

    @Test
    void textNumbersDatesAndDatetimesGoBothWaysWithoutShiftingTheDayOrInstant() {
        PropertyInfo text = prop("dealname", "string", "text");
        assertThat(values.toJira("Ünïcode ✓ 🚀", text, SUMMARY, people).json().asText()).isEqualTo("Ünïcode ✓ 🚀");
        assertThat(values.toHubSpot(held(json.getNodeFactory().textNode("Back"), SUMMARY), SUMMARY, text, people)).isEqualTo("Back");
        PropertyInfo amount = prop("amount", "number", "number");
        assertThat(values.toJira("1234.50", amount, NUMBER, people).json().decimalValue()).isEqualByComparingTo("1234.5");
        assertThat(values.toHubSpot(held(json.getNodeFactory().numberNode(new java.math.BigDecimal("1234.50")), NUMBER), NUMBER, amount, people)).isEqualTo("1234.5");
        PropertyInfo date = prop("followup", "date", "date");
        assertThat(values.toJira("2026-11-24", date, DATE, people).json().asText()).isEqualTo("2026-11-24");
        assertThat(values.toJira("1795478400000", date, DATE, people).json().asText()).as("epoch ms at midnight UTC").isEqualTo("2026-11-24");
        assertThat(values.toHubSpot(held(json.getNodeFactory().textNode("2026-11-24"), DATE), DATE, date, people)).isEqualTo("2026-11-24");
        PropertyInfo when = prop("closedate", "datetime", "date");
        assertThat(values.toJira("2026-11-24T10:15:30.123Z", when, DATETIME, people).json().asText()).isEqualTo("2026-11-24T10:15:30.123+0000");
        assertThat(values.toHubSpot(held(json.getNodeFactory().textNode("2026-11-24T13:15:30.123+0300"), DATETIME), DATETIME, when, people)).isEqualTo("2026-11-24T10:15:30.123Z");
        assertThat(values.toJira("", text, SUMMARY, people).json().isNull()).isTrue();
        assertThat(values.toHubSpot(null, SUMMARY, text, people)).isEmpty();
    }

    @Test
    void enumerationsAreWrittenAsOptionValuesAndUnknownOnesNameFieldAndValue() {
        assertThat(values.toJira("newbusiness", DEALTYPE, SEGMENT, people).json().path("value").asText()).isEqualTo("New Business");
        assertThat(values.toHubSpot(held(json.createObjectNode().put("value", "Existing Business"), SEGMENT), SEGMENT, DEALTYPE, people)).isEqualTo("existingbusiness");
        assertThatThrownBy(() -> values.toHubSpot(held(json.createObjectNode().put("value", "Partner"), SEGMENT), SEGMENT, DEALTYPE, people))
                .isInstanceOf(TransformException.class).hasMessageContaining("customfield_3").hasMessageContaining("Partner");
        PropertyInfo regions = prop("region", "enumeration", "checkbox", new OptionInfo("EMEA", "emea", 0), new OptionInfo("APAC", "apac", 1));
        JsonNode multi = values.toJira("emea;apac", regions, REGIONS, people).json();
        assertThat(multi.toString()).isEqualTo("[{\"value\":\"EMEA\"},{\"value\":\"APAC\"}]");
        assertThat(values.toHubSpot(held(multi, REGIONS), REGIONS, regions, people)).isEqualTo("emea;apac");
        PropertyInfo tags = prop("tags", "string", "text");
        assertThat(values.toJira("needs review;vip", tags, LABELS, people).json().toString()).isEqualTo("[\"needs_review\",\"vip\"]");
        assertThat(values.toHubSpot(held(json.createArrayNode().add("a").add("b"), LABELS), LABELS, tags, people)).isEqualTo("a;b");
    }

    @Test
    void prioritiesFollowTheDefaultMapAndOwnersMeetUsersByEmail() {
        PropertyInfo priority = prop("hs_ticket_priority", "enumeration", "select", new OptionInfo("Low", "LOW", 0), new OptionInfo("Medium", "MEDIUM", 1),
                new OptionInfo("High", "HIGH", 2), new OptionInfo("Urgent", "URGENT", 3));
        assertThat(values.toJira("URGENT", priority, PRIORITY, people).json().path("name").asText()).isEqualTo("Highest");
        assertThat(values.toJira("MEDIUM", priority, PRIORITY, people).json().path("name").asText()).isEqualTo("Medium");
        assertThat(values.toHubSpot(held(json.createObjectNode().put("name", "Highest"), PRIORITY), PRIORITY, priority, people)).isEqualTo("URGENT");
        assertThat(values.toHubSpot(held(json.createObjectNode().put("name", "Lowest"), PRIORITY), PRIORITY, priority, people)).isEqualTo("LOW");
        PropertyInfo owner = new PropertyInfo("hubspot_owner_id", "Owner", "enumeration", "select", List.of(), false, "OWNER");
        assertThat(values.toJira("501", owner, ASSIGNEE, people).json().path("accountId").asText()).isEqualTo("acc-ada");
        assertThat(values.toHubSpot(held(json.createObjectNode().put("accountId", "acc-ada"), ASSIGNEE), ASSIGNEE, owner, people)).isEqualTo("501");
        assertThat(values.toJira("501", owner, ASSIGNEE, null, TextFit.FullText.inHubSpot("https://app.hubspot.com/x"), people).json()
                .path("accountId").asText()).as("the path a sync takes, through the value map and the text fit").isEqualTo("acc-ada");
        assertThat(values.toJira("501", owner, ASSIGNEE, NOBODY).json().isNull()).as("only the people handed over are asked").isTrue();
        assertThat(values.toHubSpot(held(json.createObjectNode().put("accountId", "acc-ada"), ASSIGNEE), ASSIGNEE, owner, NOBODY)).isEmpty();
    }

    @Test
    void htmlAndAdfRoundTripForTheSupportedSubsetWithoutLosingText() {
        String html = "<p>Hello <strong>bold</strong> and <em>italic</em> &amp; <a href=\"https://example.com/x?a=1&amp;b=2\">a link</a><br>next line</p>"
                + "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol><li>first</li></ol><h2>Title</h2><p><code>x = 1</code></p>";
        JsonNode adf = rich.htmlToAdf(html);
        assertThat(adf.path("type").asText()).isEqualTo("doc");
        assertThat(adf.toString()).contains("\"strong\"").contains("\"em\"").contains("\"hardBreak\"").contains("bulletList")
                .contains("orderedList").contains("\"heading\"").contains("https://example.com/x?a=1&b=2");
        String back = rich.adfToHtml(adf);
        assertThat(back).isEqualTo(html);
        assertThat(rich.adfToHtml(rich.htmlToAdf(back))).isEqualTo(back);
        assertThat(rich.htmlToAdf("<p>keep <blink>this</blink> <script>text</script></p>").toString()).contains("keep ").contains("this");
        assertThat(rich.adfToHtml(rich.htmlToAdf("<a href=\"javascript:alert(1)\">x</a>"))).doesNotContain("javascript");
    }

    @Test
    void plainTextSurvivesAdfWithUnicodeAndBlankLines() {
        String text = "Line one\nLine two with émoji 🎉\n\nSecond paragraph";
        assertThat(rich.adfToText(rich.textToAdf(text))).isEqualTo(text);
        JsonNode mention = json.createObjectNode().put("type", "doc").put("version", 1);
        var inline = ((com.fasterxml.jackson.databind.node.ObjectNode) mention).putArray("content").addObject().put("type", "paragraph").putArray("content");
        inline.addObject().put("type", "mention").putObject("attrs").put("id", "acc").put("text", "@Ada");
        inline.addObject().put("type", "emoji").putObject("attrs").put("shortName", ":smile:").put("text", "😄");
        assertThat(rich.adfToText(mention)).isEqualTo("@Ada😄");
        assertThat(rich.adfToHtml(mention)).contains("@Ada").contains("😄");
    }

    @Test
    void jiraWikiMarkupFromWebhooksBecomesHtml() {
        String wiki = "h2. Summary\n*bold* and _italic_ with {{code}} and [a link|https://example.com]\n* one\n** nested\n# first\n{quote}quoted{quote}\nline\\\\break [~accountid:5b10ac8d82e05b22cc7d4ef1]";
        String html = rich.wikiToHtml(wiki);
        assertThat(html).contains("<h2>Summary</h2>").contains("<strong>bold</strong>").contains("<em>italic</em>").contains("<code>code</code>")
                .contains("<a href=\"https://example.com\">a link</a>").contains("<ul><li>one</li><ul><li>nested</li></ul></ul>")
                .contains("<ol><li>first</li></ol>").contains("<blockquote><p>quoted</p></blockquote>").contains("@5b10ac8d82e05b22cc7d4ef1").contains("<br>");
        assertThat(rich.wikiToHtml("<script>alert(1)</script>")).doesNotContain("<script>");
    }

    @Test
    void wikiLinesKeepTheirMeaningAtTheEdges() {
        assertThat(rich.wikiToHtml("*\r item")).as("a carriage return is blank space after list markers").isEqualTo("<ul><li>item</li></ul>");
        assertThat(rich.wikiToHtml("* a\u2028b")).as("a line separator inside the item: a paragraph, as before").startsWith("<p>");
        assertThat(rich.wikiToHtml("h3.Title")).isEqualTo("<h3>Title</h3>");
        assertThat(rich.wikiToHtml("h7. no")).isEqualTo("<p>h7. no</p>");
        assertThat(rich.wikiToHtml("*bold* start")).isEqualTo("<p><strong>bold</strong> start</p>");
        assertThat(rich.wikiToHtml("{{a\rb}} stays")).doesNotContain("<code>");
        assertThat(rich.wikiToHtml("{{*starred*}}")).isEqualTo("<p><code><strong>starred</strong></code></p>");
        assertThat(rich.wikiToHtml("[~accountid:] and [~]")).isEqualTo("<p>@accountid: and [~]</p>");
        assertThat(rich.wikiToHtml("*** three stars")).as("three stars read as bold markers, as before").startsWith("<p>");
        String deep = rich.wikiToHtml("#".repeat(40) + " deep");
        assertThat(deep).as("list nesting stops at 32 levels").startsWith("<ol>".repeat(32) + "<li>deep</li>").doesNotContain("<ol>".repeat(33));
    }

    @Test
    void htmlMarksAppearOnceAndDeepNestingKeepsItsText() {
        assertThat(rich.htmlToAdf("<p><b><b><strong>x</strong></b></b></p>").toString())
                .isEqualTo("{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"x\",\"marks\":[{\"type\":\"strong\"}]}]}]}");
        assertThat(rich.adfToHtml(rich.htmlToAdf("<a href=\"https://a.example\"><a href=\"https://b.example\">x</a></a>"))).contains("x");
        assertThat(rich.adfToHtml(rich.htmlToAdf("<p></p><p>kept</p><p></p>"))).isEqualTo("<p>kept</p>");
        assertThat(rich.htmlToAdf("<p></p><p></p>").path("content")).hasSize(1);
        String deep = "<div>".repeat(200) + "<ul><li>a<b>b</b></li></ul>";
        assertThat(rich.adfToText(rich.htmlToAdf(deep))).isEqualTo("ab");
        JsonNode adf = rich.htmlToAdf("<p><a href=\"https://example.com\"><strong>both</strong></a></p>");
        assertThat(rich.adfToHtml(adf)).isEqualTo("<p><strong><a href=\"https://example.com\">both</a></strong></p>");
    }

    @Test
    void textsLongerThanTheFieldHoldsAreCutWithANoteLinkingTheFullText() {
        TextFit.FullText deal = TextFit.FullText.inHubSpot("https://app.hubspot.com/contacts/1/record/0-3/2");
        PropertyInfo name = prop("dealname", "string", "text");
        String summary = values.toJira("word ".repeat(80), name, SUMMARY, null, deal, people).json().asText();
        assertThat(summary).hasSizeLessThanOrEqualTo(255).endsWith("… (truncated: the full text is in HubSpot https://app.hubspot.com/contacts/1/record/0-3/2)");
        assertThat(values.toJira("short", name, SUMMARY, null, deal, people).json().asText()).isEqualTo("short");
        PropertyInfo notes = prop("internal_notes", "string", "html");
        JsonNode description = values.toJira("<p>" + "Long <b>story</b> ".repeat(5000) + "</p>", notes, DESCRIPTION, null, deal, people).json();
        assertThat(new TextFit(json).jsonLength(description)).isLessThanOrEqualTo(32_767);
        assertThat(description.toString()).contains("\"href\":\"https://app.hubspot.com/contacts/1/record/0-3/2\"");
        JsonNode ampersands = rich.textToAdf("&".repeat(30_000));
        String html = values.toHubSpot(held(ampersands, DESCRIPTION), DESCRIPTION, notes, null, TextFit.FullText.inJira("https://acme.atlassian.net/browse/SUP-1"), people);
        assertThat(html.length()).isLessThanOrEqualTo(65_536).isGreaterThan(60_000);
        assertThat(html).endsWith("<a href=\"https://acme.atlassian.net/browse/SUP-1\">https://acme.atlassian.net/browse/SUP-1</a>)</p>");
    }

    @Test
    void unsafeTypePairsAreRefusedAndOneWayPairsNeedHubSpotAsOwner() {
        TypePairs pairs = new TypePairs(new RuleChecks());
        PropertyInfo when = prop("closedate", "datetime", "date");
        assertThat(pairs.mappingProblem(when, SEGMENT, FieldOwner.HUBSPOT)).get().asString().contains("cannot be transformed safely");
        assertThat(pairs.mappingProblem(when, DATE, FieldOwner.HUBSPOT)).isEmpty();
        assertThat(pairs.mappingProblem(when, DATE, FieldOwner.BOTH)).get().asString().contains("only sync HubSpot → Jira");
        assertThat(pairs.mappingProblem(prop("amount", "number", "number"), SUMMARY, FieldOwner.JIRA)).isPresent();
        PropertyInfo partner = prop("dealtype", "enumeration", "select", new OptionInfo("Partner", "partner", 0));
        assertThat(pairs.mappingProblem(partner, SEGMENT, FieldOwner.HUBSPOT)).get().asString().contains("no option for Partner");
        assertThat(pairs.mappingProblem(DEALTYPE, SEGMENT, FieldOwner.BOTH)).isEmpty();
    }

    @Test
    void ruleOperatorsEvaluateByTypeAndOnlyFitTheTypesTheyMakeSenseFor() {
        RuleChecks rules = new RuleChecks();
        PropertyInfo amount = prop("amount", "number", "number");
        PropertyInfo when = prop("closedate", "datetime", "date");
        PropertyInfo name = prop("dealname", "string", "text");
        assertThat(rules.isMet(new ConditionalRule("amount", "GREATER_THAN", "1000", "To Do", false, null), "1000.5", amount)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("amount", "LESS_THAN", "1000", "To Do", false, null), "999", amount)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("closedate", "GREATER_THAN", "2026-01-01", "To Do", false, null), "2026-11-24T10:00:00Z", when)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("dealtype", "EQUALS", "newbusiness", "To Do", false, null), "newbusiness", DEALTYPE)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("dealtype", "NOT_EQUALS", "newbusiness", "To Do", false, null), "newbusiness", DEALTYPE)).isFalse();
        assertThat(rules.isMet(new ConditionalRule("dealname", "CONTAINS", "RENEW", "To Do", false, null), "Acme renewal", name)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("dealname", "IS_EMPTY", null, "To Do", false, null), "", name)).isTrue();
        assertThat(rules.isMet(new ConditionalRule("dealname", "IS_NOT_EMPTY", null, "To Do", false, null), "", name)).isFalse();
        assertThat(rules.isMet(new ConditionalRule("dealtype", "IN_LIST", "partner; newbusiness", "To Do", false, null), "newbusiness", DEALTYPE)).isTrue();
        assertThat(rules.operatorProblem("GREATER_THAN", name)).isPresent();
        assertThat(rules.operatorProblem("CONTAINS", amount)).isPresent();
        assertThat(rules.operatorProblem("LESS_THAN", when)).isEmpty();
        assertThat(rules.operatorProblem("SOUNDS_LIKE", name)).get().asString().contains("unknown operator");
    }

    @Test
    void aCopiedCommentStartsWithItsEmphasisedHeaderAboveTheNotesOwnContent() {
        JsonNode body = rich.textToAdf("Hi");
        assertThat(rich.startingWith(rich.emphasisedLine("From HubSpot — note by Ada"), body).toString()).isEqualTo(
                "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"From HubSpot — note by Ada\",\"marks\":[{\"type\":\"em\"}]}]},"
                        + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}");
        assertThat(body.path("content").size()).as("the note's own document is left as it was").isEqualTo(1);
    }
}
