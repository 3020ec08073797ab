package io.hubjira.admin;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The browser-hardening headers on every answer, pages and API alike:
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts, styles, fonts, images and connections from this origin only (no
 *       inline script, no eval), no plugins, no {@code <base>} or form posts elsewhere, and {@code frame-ancestors
 *       'none'}: no page may frame the console (the Jira issue panel is its own Forge app and never frames it).
 *       Swagger UI's bundle and Hawtio's (PatternFly, Monaco) inject their style sheets as {@code <style>} elements
 *       at run time (Hawtio about 200 of them, each with a different hash), so their pages alone also take inline
 *       styles; their scripts stay as strict as everywhere;</li>
 *   <li>{@code X-Frame-Options: DENY} for browsers that predate frame-ancestors;</li>
 *   <li>{@code Referrer-Policy: same-origin}: URLs (item ids, issue keys) never leave in a Referer, while the
 *       connector's own pages still send one, which the cross-site guard can read;</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: an answer is only ever what its Content-Type says.</li>
 * </ul>
 * They are set over whatever a servlet set before (Hawtio writes weaker ones of its own).
 */
final class SecurityHeaders implements HeaderWriter {

    static final String CONTENT_SECURITY_POLICY = policy("'self'");
    /** Path prefix → the policy of the pages under it, where a bundled UI needs more than the console. */
    static final Map<String, String> POLICY_BY_PATH = Map.of("/swagger-ui/", policy("'self' 'unsafe-inline'"),
            "/actuator/hawtio/", policy("'self' 'unsafe-inline'"));

    private static final Map<String, String> OTHER_HEADERS = Map.of(
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin",
            "X-Content-Type-Options", "nosniff");

    private static String policy(String styles) {
        return "default-src 'self'; script-src 'self'; style-src " + styles + "; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        write(response, POLICY_BY_PATH.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(CONTENT_SECURITY_POLICY));
    }

    /** Sets the headers with the console's policy (where the container answers without the security chain). */
    static void write(HttpServletResponse response) {
        write(response, CONTENT_SECURITY_POLICY);
    }

    private static void write(HttpServletResponse response, String contentSecurityPolicy) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        OTHER_HEADERS.forEach(response::setHeader);
    }
}
