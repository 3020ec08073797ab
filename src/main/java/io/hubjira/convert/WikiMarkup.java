package io.hubjira.convert;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Jira wiki markup (what webhook deliveries carry for comment bodies and descriptions) → HTML: headings (h1.–h6.),
 * bullet (* / -) and numbered (#) lists with nesting, {quote}, {code}/{noformat}, *bold*, _italic_, {{code}},
 * [text|url] and [url] links, \\ line breaks; mentions and images keep readable text.
 *
 * <p>Anyone who can comment in Jira chooses this input, so every step is a scan that looks at each character a
 * bounded number of times: no regular expression that backtracks, no search that restarts from each candidate.
 * Where a construct is not closed, the scanner knows at once that no later one can be either (the "next closer"
 * tables below) instead of searching again. The constructs match exactly what Jira's markers mean here and are
 * applied in a fixed order, each on the previous one's output.
 */
final class WikiMarkup {

    /** Deeper list markers ("*****…") nest no further: nobody writes them, and a reader of the HTML pays for each level. */
    static final int MAX_LIST_DEPTH = 32;

    private WikiMarkup() {}

    static String toHtml(String wiki) {
        StringBuilder html = new StringBuilder(wiki.length() + 64);
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
            MarkedLine heading = heading(trimmed);
            MarkedLine list = heading == null ? listItem(trimmed) : null;
            if (heading != null) {
                flush(paragraph, html);
                closeLists(openLists, html, 0);
                html.append("<h").append(heading.marker()).append('>').append(inline(heading.text()))
                        .append("</h").append(heading.marker()).append('>');
            } else if (list != null && !(trimmed.startsWith("*") && trimmed.indexOf('*', 1) > 0 && !trimmed.startsWith("* ") && !trimmed.startsWith("** "))) {
                flush(paragraph, html);
                String markers = list.marker();
                int depth = Math.min(markers.length(), MAX_LIST_DEPTH);
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
                html.append("<li>").append(inline(list.text())).append("</li>");
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

    /** A heading's level or a list item's markers, and the text after them. */
    private record MarkedLine(String marker, String text) {}

    /** "h2. Title": the level and the title; null when the line is no heading. */
    private static MarkedLine heading(String line) {
        if (line.length() < 3 || line.charAt(0) != 'h' || line.charAt(1) < '1' || line.charAt(1) > '6' || line.charAt(2) != '.') {
            return null;
        }
        String text = line.substring(skipSpace(line, 3));
        return hasLineTerminator(text) ? null : new MarkedLine(line.substring(1, 2), text);
    }

    /** "** item" / "# item" / "- item": the markers (one or more, then blank space) and the item; null otherwise. */
    private static MarkedLine listItem(String line) {
        int markers = 0;
        while (markers < line.length() && "*#-".indexOf(line.charAt(markers)) >= 0) {
            markers++;
        }
        int text = skipSpace(line, markers);
        if (markers == 0 || text == markers || hasLineTerminator(line.substring(text))) {
            return null;
        }
        return new MarkedLine(line.substring(0, markers), line.substring(text));
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

    // ---- inline markup: one linear scan per construct, in this order ----------------------------------------------

    static String inline(String text) {
        String s = AdfHtml.escape(text).replace("\\\\", "<br>");
        s = mentions(s);
        s = labelledLinks(s);
        s = bareLinks(s);
        s = images(s);
        s = monospace(s);
        s = emphasis(s, '*', "strong");
        return emphasis(s, '_', "em");
    }

    /** What a construct found at an opener: its HTML and the index after it, or (html null) where to look next. */
    private record Found(String html, int end) {
        static Found resumeAt(int index) {
            return new Found(null, index);
        }
    }

    /**
     * One construct's pass: at each {@code opener}, {@code at} says what it found; the text between stays as it is.
     * Each opener is looked at once and the pass resumes after a match, so the pass is linear when {@code at} is.
     */
    private static String replaceEach(String s, String opener, java.util.function.IntFunction<Found> at) {
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int start = s.indexOf(opener);
        while (start >= 0 && start < s.length()) {
            Found found = at.apply(start);
            if (found.html() != null) {
                out.append(s, copied, start).append(found.html());
                copied = found.end();
            }
            start = s.indexOf(opener, found.html() != null ? found.end() : Math.max(found.end(), start + 1));
        }
        return out.append(s, copied, s.length()).toString();
    }

    /** [~accountid:id] and [~name] keep readable text: @id, @name. */
    private static String mentions(String s) {
        int[] nextClose = nextOf(s, "]");
        return replaceEach(s, "[~", start -> {
            int close = nextClose[start + 2];
            if (close < 0) {
                return Found.resumeAt(s.length()); // nothing later closes either
            }
            if (close == start + 2) {
                return Found.resumeAt(start + 1);
            }
            String who = s.substring(start + 2, close);
            if (who.startsWith("accountid:") && who.length() > "accountid:".length()) {
                who = who.substring("accountid:".length());
            }
            return new Found("@" + who, close + 1);
        });
    }

    /** [text|https://…] (or mailto:) → a link; the text holds neither ']' nor '|'. */
    private static String labelledLinks(String s) {
        int[] nextStop = nextOf(s, "]|");
        int[] nextClose = nextOf(s, "]");
        return replaceEach(s, "[", start -> {
            int bar = nextStop[start + 1];
            if (bar <= start + 1 || s.charAt(bar) != '|') {
                return Found.resumeAt(start + 1);
            }
            int close = linkEnd(s, bar + 1, nextClose);
            return close < 0 ? Found.resumeAt(start + 1)
                    : new Found("<a href=\"" + s.substring(bar + 1, close) + "\">" + s.substring(start + 1, bar) + "</a>", close + 1);
        });
    }

    /** [https://…] (or mailto:) → a link showing its address. */
    private static String bareLinks(String s) {
        int[] nextClose = nextOf(s, "]");
        return replaceEach(s, "[", start -> {
            int close = linkEnd(s, start + 1, nextClose);
            String url = close < 0 ? null : s.substring(start + 1, close);
            return url == null ? Found.resumeAt(start + 1) : new Found("<a href=\"" + url + "\">" + url + "</a>", close + 1);
        });
    }

    /** Where the address starting at {@code url} (http://, https:// or mailto:, then one character or more) meets ']'; -1 if it does not. */
    private static int linkEnd(String s, int url, int[] nextClose) {
        int prefix = 0;
        for (String scheme : new String[] {"http://", "https://", "mailto:"}) {
            if (s.startsWith(scheme, url)) {
                prefix = scheme.length();
            }
        }
        int close = prefix == 0 ? -1 : nextClose[url + prefix];
        return close > url + prefix ? close : -1;
    }

    /** !name.png! and !name.png|thumbnail! → [image: name.png]. */
    private static String images(String s) {
        int[] nextBang = nextOf(s, "!");
        return replaceEach(s, "!", start -> {
            int end = start + 1;
            while (end < s.length() && s.charAt(end) != '!' && s.charAt(end) != '|' && !isSpace(s.charAt(end))) {
                end++;
            }
            if (end == start + 1 || end == s.length() || isSpace(s.charAt(end))) {
                return Found.resumeAt(start + 1);
            }
            int close = s.charAt(end) == '!' ? end : nextBang[end + 1];
            return close < 0 ? Found.resumeAt(s.length()) : new Found("[image: " + s.substring(start + 1, end) + "]", close + 1);
        });
    }

    /** {{text}} → code; the text is at least one character and does not cross a line. */
    private static String monospace(String s) {
        int[] nextPair = nextPairOf(s, '}');
        int[] nextTerminator = nextOf(s, "\n\r\u0085\u2028\u2029");
        return replaceEach(s, "{{", start -> {
            int close = start + 3 <= s.length() ? nextPair[start + 3] : -1;
            if (close < 0) {
                return Found.resumeAt(s.length()); // nothing later closes either
            }
            int terminator = nextTerminator[start + 2];
            if (terminator >= 0 && terminator < close) {
                return Found.resumeAt(terminator + 1); // every opening before the line break fails the same way
            }
            return new Found("<code>" + s.substring(start + 2, close) + "</code>", close + 2);
        });
    }

    /**
     * *bold* and _italic_: the marker is not glued to a word or to another marker on its outer side, nor to blank
     * space on its inner side, and the text between holds no marker.
     */
    private static String emphasis(String s, char marker, String tag) {
        int[] nextMarker = nextOf(s, String.valueOf(marker));
        return replaceEach(s, String.valueOf(marker), start -> {
            int close = nextMarker[start + 1];
            if (close < 0) {
                return Found.resumeAt(s.length());
            }
            boolean opens = (start == 0 || !gluesTo(s.charAt(start - 1), marker)) && !isSpace(s.charAt(start + 1)) && close > start + 1;
            boolean closes = !isSpace(s.charAt(close - 1)) && (close + 1 == s.length() || !gluesTo(s.charAt(close + 1), marker));
            return opens && closes ? new Found("<" + tag + ">" + s.substring(start + 1, close) + "</" + tag + ">", close + 1) : Found.resumeAt(close);
        });
    }

    // ---- character classes and "next" tables --------------------------------------------------------------------

    /** For each index (and one past the end), where the next of {@code chars} is at or after it; -1 when none is. */
    private static int[] nextOf(String s, String chars) {
        int[] next = new int[s.length() + 1];
        next[s.length()] = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            next[i] = chars.indexOf(s.charAt(i)) >= 0 ? i : next[i + 1];
        }
        return next;
    }

    /** For each index, where the next two {@code c} in a row start at or after it; -1 when none do. */
    private static int[] nextPairOf(String s, char c) {
        int[] next = new int[s.length() + 1];
        next[s.length()] = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            next[i] = i + 1 < s.length() && s.charAt(i) == c && s.charAt(i + 1) == c ? i : next[i + 1];
        }
        return next;
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Blank space as Jira's markers see it: space, tab, the line breaks and the form feeds. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean hasLineTerminator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** A word character (ASCII letter, digit, underscore) or the marker itself: emphasis does not start or end there. */
    private static boolean gluesTo(char c, char marker) {
        return c == marker || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
