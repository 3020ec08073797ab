package io.hubjira.convert;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira wiki markup (what webhook deliveries carry for comment bodies and descriptions) → HTML: headings (h1.–h6.),
 * bullet (* / -) and numbered (#) lists with nesting, {quote}, {code}/{noformat}, *bold*, _italic_, {{code}},
 * [text|url] and [url] links, \\ line breaks; mentions and images keep readable text.
 */
final class WikiMarkup {

    private static final Pattern LIST = Pattern.compile("^([*#-]+)\\s+(.*)$");
    private static final Pattern HEADING = Pattern.compile("^h([1-6])\\.\\s*(.*)$");

    private WikiMarkup() {}

    static String toHtml(String wiki) {
        StringBuilder html = new StringBuilder();
        Deque<String> openLists = new ArrayDeque<>();
        StringBuilder paragraph = new StringBuilder();
        boolean inCode = false;
        boolean inQuote = false;
        StringBuilder code = new StringBuilder();
        for (String line : wiki.replace("\r\n", "\n").split("\n", -1)) {
            String trimmed = line.strip();
            if (inCode) {
                if (trimmed.startsWith("{code") || trimmed.startsWith("{noformat")) {
                    html.append("<pre>").append(AdfHtml.escape(code.toString())).append("</pre>");
                    code.setLength(0);
                    inCode = false;
                } else {
                    code.append(code.isEmpty() ? "" : "\n").append(line);
                }
                continue;
            }
            if (trimmed.startsWith("{code") || trimmed.startsWith("{noformat")) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
                inCode = true;
                continue;
            }
            if (trimmed.startsWith("{quote}") && trimmed.endsWith("{quote}") && trimmed.length() > 14) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
                html.append("<blockquote><p>").append(inline(trimmed.substring(7, trimmed.length() - 7))).append("</p></blockquote>");
                continue;
            }
            if (trimmed.equals("{quote}")) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
                html.append(inQuote ? "</blockquote>" : "<blockquote>");
                inQuote = !inQuote;
                continue;
            }
            Matcher heading = HEADING.matcher(trimmed);
            Matcher list = LIST.matcher(trimmed);
            if (heading.matches()) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
                html.append("<h").append(heading.group(1)).append('>').append(inline(heading.group(2)))
                        .append("</h").append(heading.group(1)).append('>');
            } else if (list.matches() && !(trimmed.startsWith("*") && trimmed.indexOf('*', 1) > 0 && !trimmed.startsWith("* ") && !trimmed.startsWith("** "))) {
                flush(paragraph, html);
                String markers = list.group(1);
                int depth = markers.length();
                String tag = markers.charAt(markers.length() - 1) == '#' ? "ol" : "ul";
                closeLists(openLists, html, depth);
                if (openLists.size() == depth && !openLists.peek().equals(tag)) {
                    // "* a" then "# b" at the same depth: the list changes kind
                    closeLists(openLists, html, depth - 1);
                }
                while (openLists.size() < depth) {
                    html.append('<').append(tag).append('>');
                    openLists.push(tag);
                }
                html.append("<li>").append(inline(list.group(2))).append("</li>");
            } else if (trimmed.isEmpty()) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
            } else {
                closeLists(openLists, html, 0);
                paragraph.append(paragraph.isEmpty() ? "" : "<br>").append(inline(line));
            }
        }
        if (inCode) {
            html.append("<pre>").append(AdfHtml.escape(code.toString())).append("</pre>");
        }
        flush(paragraph, html);
        closeLists(openLists, html, 0);
        if (inQuote) {
            html.append("</blockquote>");
        }
        return html.toString();
    }

    private static void flush(StringBuilder paragraph, StringBuilder html) {
        if (!paragraph.isEmpty()) {
            html.append("<p>").append(paragraph).append("</p>");
            paragraph.setLength(0);
        }
    }

    private static void closeLists(Deque<String> open, StringBuilder html, int keep) {
        while (open.size() > keep) {
            html.append("</").append(open.pop()).append('>');
        }
    }

    static String inline(String text) {
        String s = AdfHtml.escape(text);
        s = s.replace("\\\\", "<br>");
        // [text|url] and [url]; mentions [~accountid:…] stay readable
        s = replace(s, "\\[~(?:accountid:)?([^\\]]+)\\]", m -> "@" + m.group(1));
        s = replace(s, "\\[([^\\]|]+)\\|((?:https?://|mailto:)[^\\]]+)\\]", m -> "<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>");
        s = replace(s, "\\[((?:https?://|mailto:)[^\\]]+)\\]", m -> "<a href=\"" + m.group(1) + "\">" + m.group(1) + "</a>");
        s = replace(s, "!([^!\\s|]+)(?:\\|[^!]*)?!", m -> "[image: " + m.group(1) + "]");
        s = replace(s, "\\{\\{(.+?)\\}\\}", m -> "<code>" + m.group(1) + "</code>");
        s = replace(s, "(?<![\\w*])\\*(?!\\s)([^*]+?)(?<!\\s)\\*(?![\\w*])", m -> "<strong>" + m.group(1) + "</strong>");
        s = replace(s, "(?<![\\w_])_(?!\\s)([^_]+?)(?<!\\s)_(?![\\w_])", m -> "<em>" + m.group(1) + "</em>");
        return s;
    }

    private static String replace(String s, String regex, java.util.function.Function<Matcher, String> with) {
        Matcher m = Pattern.compile(regex).matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
