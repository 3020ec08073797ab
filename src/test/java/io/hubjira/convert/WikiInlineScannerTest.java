package io.hubjira.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The linear scanner reads inline wiki markup exactly as the regular expressions it replaced did (those are kept here
 * as the reference, run on short inputs only, where their backtracking costs nothing): the same HTML for every
 * string of markers, brackets, line breaks and words drawn at random, unclosed and overlapping ones included.
 */
class WikiInlineScannerTest {

    private static final String[] PIECES = {"{{", "}}", "{", "}", "[", "]", "|", "*", "_", "!", "[~", "accountid:", "http://", "https://x",
            "mailto:", " ", "\t", "\r", "\u2028", "\u0085", "a", "b", "é", "1", "\\\\", "\\", "<", "&", "\"", ".png", "~", ":"};

    @Test
    void everyRandomLineConvertsExactlyAsTheOldExpressionsDid() {
        Random random = new Random(20261215L);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder line = new StringBuilder();
            int pieces = 1 + random.nextInt(14);
            for (int i = 0; i < pieces; i++) {
                line.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = line.toString();
            assertThat(WikiMarkup.inline(text)).as("inline markup of %s", text.replace("\r", "\\r")).isEqualTo(reference(text));
        }
    }

    @Test
    void theUsualMarkupStillConvertsAsBefore() {
        for (String text : new String[] {"*bold* and _italic_ with {{code}} and [a link|https://example.com]", "see [https://example.com/a_b_c]",
                "[~accountid:5b10ac8d82e05b22cc7d4ef1] please look", "!screenshot.png|thumbnail! attached", "{{*starred*}} and snake_case_name",
                "2*3*4 = 24, *not bold *, * neither*", "mail [me|mailto:ada@example.com] now", "line\\\\break"}) {
            assertThat(WikiMarkup.inline(text)).as(text).isEqualTo(reference(text));
        }
    }

    /** The expressions the scanner replaced, applied in their order, each on the previous one's output. */
    private static String reference(String text) {
        String s = AdfHtml.escape(text);
        s = s.replace("\\\\", "<br>");
        s = replace(s, "\\[~(?:accountid:)?([^\\]]+)\\]", m -> "@" + m.group(1));
        s = replace(s, "\\[([^\\]|]+)\\|((?:https?://|mailto:)[^\\]]+)\\]", m -> "<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>");
        s = replace(s, "\\[((?:https?://|mailto:)[^\\]]+)\\]", m -> "<a href=\"" + m.group(1) + "\">" + m.group(1) + "</a>");
        s = replace(s, "!([^!\\s|]+)(?:\\|[^!]*)?!", m -> "[image: " + m.group(1) + "]");
        s = replace(s, "\\{\\{(.+?)\\}\\}", m -> "<code>" + m.group(1) + "</code>");
        s = replace(s, "(?<![\\w*])\\*(?!\\s)([^*]+?)(?<!\\s)\\*(?![\\w*])", m -> "<strong>" + m.group(1) + "</strong>");
        return replace(s, "(?<![\\w_])_(?!\\s)([^_]+?)(?<!\\s)_(?![\\w_])", m -> "<em>" + m.group(1) + "</em>");
    }

    private static String replace(String s, String regex, Function<MatchResult, String> with) {
        return Pattern.compile(regex).matcher(s).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }
}
