package io.hubjira.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a HubSpot or Jira base URL must follow before anything is sent to it: {@code https://} with a host, and no
 * user-info, query or fragment. A path only where the service's own form has one: Jira Cloud's API gateway form
 * {@code https://api.atlassian.com/ex/jira/<cloudId>} (scoped API tokens and OAuth use it); a HubSpot API base URL has
 * none. Plain {@code http://} (and any path) only for a loopback host, and only when
 * {@code connector.http.allow-loopback-base-urls} is set: the built-in simulators of the demo and the tests. Each
 * refusal names the field and the rule it breaks.
 */
public final class ApiBaseUrls {

    /** The rule a refused URL breaks; its name is the stable code an answer carries. */
    public enum Rule {
        REQUIRED("is required"),
        MALFORMED("must be an absolute URL such as https://host"),
        HTTPS_REQUIRED("must use https:// (plain http:// is allowed only for a loopback host with connector.http.allow-loopback-base-urls)"),
        HOST_REQUIRED("must name a host"),
        NO_USER_INFO("must not carry a user name or password (user@host)"),
        NO_QUERY("must not have a query string (?…)"),
        NO_FRAGMENT("must not have a fragment (#…)"),
        NO_PATH("must not have a path");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String text() {
            return text;
        }
    }

    /** A base URL that breaks a rule; the message names the field, the rule and the value (never a secret: no user-info shown). */
    public static final class Refused extends RuntimeException {
        private final String field;
        private final Rule rule;

        Refused(String field, Rule rule, String detail) {
            super(detail);
            this.field = field;
            this.rule = rule;
        }

        public String field() {
            return field;
        }

        public Rule rule() {
            return rule;
        }
    }

    private static final String JIRA_GATEWAY_HOST = "api.atlassian.com";
    private static final Pattern JIRA_GATEWAY_PATH = Pattern.compile("/ex/jira/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ApiBaseUrls() {}

    /**
     * A Jira Cloud site ({@code https://your-site.atlassian.net}) or its API gateway form
     * ({@code https://api.atlassian.com/ex/jira/<cloudId>}), without trailing slashes.
     */
    public static String jiraSite(String field, String url, boolean allowLoopback) {
        URI uri = checked(field, url, allowLoopback, "https://your-site.atlassian.net");
        String path = pathOf(uri);
        boolean gateway = JIRA_GATEWAY_HOST.equalsIgnoreCase(uri.getHost()) && JIRA_GATEWAY_PATH.matcher(path).matches();
        if (!path.isEmpty() && !gateway && !loopbackAllowed(uri, allowLoopback)) {
            throw refused(field, Rule.NO_PATH, url, "https://your-site.atlassian.net; a path is allowed only in Jira's API gateway form "
                    + "https://api.atlassian.com/ex/jira/<cloudId>");
        }
        return withoutTrailingSlash(uri);
    }

    /**
     * The account a Jira site's calls spend the rate budget of (and are counted under): its host (with its port, when
     * the URL names one: two sites may share a host), and the path of Jira's API gateway form (one cloud id each). Two
     * connections to one site share its budget, which is the safe side of Jira's per-site-and-token limits.
     */
    public static String jiraSiteAccount(String baseUrl) {
        URI uri = URI.create(String.valueOf(baseUrl).trim());
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return uri.getHost() == null ? String.valueOf(baseUrl) : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path;
    }

    /** HubSpot's API base URL ({@code https://api.hubapi.com}), without trailing slashes. */
    public static String hubspotApi(String field, String url, boolean allowLoopback) {
        URI uri = checked(field, url, allowLoopback, "https://api.hubapi.com");
        if (!pathOf(uri).isEmpty() && !loopbackAllowed(uri, allowLoopback)) {
            throw refused(field, Rule.NO_PATH, url, "https://api.hubapi.com");
        }
        return withoutTrailingSlash(uri);
    }

    /** A page the admin's browser opens (HubSpot's OAuth consent page): the same rules, with a path. */
    public static String browserPage(String field, String url, boolean allowLoopback) {
        return withoutTrailingSlash(checked(field, url, allowLoopback, "https://app.hubspot.com/oauth/authorize"));
    }

    /**
     * The last wall before a request is sent, whatever the URL's origin (a setting, a stored connection, a download URL
     * an API handed out): a URL the transport can split into scheme, host and port without anything left over that
     * could be read as endpoint options.
     */
    public static URI forTransport(String url, boolean allowLoopback) {
        return checked("baseUrl", url, allowLoopback, "https://host");
    }

    private static URI checked(String field, String url, boolean allowLoopback, String example) {
        if (url == null || url.isBlank()) {
            throw refused(field, Rule.REQUIRED, "", example);
        }
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw refused(field, Rule.MALFORMED, trimmed, example);
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getScheme() == null) {
            throw refused(field, Rule.MALFORMED, trimmed, example);
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(field, Rule.NO_USER_INFO, uri.getScheme() + "://…@" + uri.getHost(), example);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused(field, Rule.HOST_REQUIRED, trimmed, example);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && loopbackAllowed(uri, allowLoopback))) {
            throw refused(field, Rule.HTTPS_REQUIRED, trimmed, example);
        }
        if (uri.getRawQuery() != null) {
            throw refused(field, Rule.NO_QUERY, trimmed, example);
        }
        if (uri.getRawFragment() != null) {
            throw refused(field, Rule.NO_FRAGMENT, trimmed, example);
        }
        return uri;
    }

    private static boolean loopbackAllowed(URI uri, boolean allowLoopback) {
        return allowLoopback && isLoopback(uri.getHost());
    }

    /** localhost, 127.0.0.0/8 or ::1, by its literal form only: no name is looked up. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String pathOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static String withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static Refused refused(String field, Rule rule, String value, String example) {
        return new Refused(field, rule, field + " " + rule.text() + (value.isEmpty() ? "" : "; got '" + abbreviate(value) + "'")
                + ". Example: " + example + ".");
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
