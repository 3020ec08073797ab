package io.hubjira.sandbox.hubspot;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The simulated portal serves HubSpot's date-versioned paths (2026-03 and 2026-09) from the same state as the legacy
 * v1/v3/v4 paths the official clients still call: a date-based request reaches the legacy handler with its
 * generation attached, and the handlers then apply what that generation's documents require (propertiesWithHistory in
 * batch reads, associations in creates, the search's required fields, batch-create status codes). What HubSpot does not
 * publish in 2026-09 (the files API, the record-level association list) answers 404 there, as an unknown path does.
 */
@Configuration
@Profile("sandbox")
public class HubSpotApiGenerations {

    public static final String ATTRIBUTE = "hubspot.generation";
    public static final String LEGACY = "legacy";
    static final String PREFIX = "/sandbox/hubspot";

    private record Rule(Pattern dated, String legacy, boolean in2026_09) {}

    private static final List<Rule> RULES = List.of(
            rule("^/crm/objects/(2026-0[39])/([^/]+)/([^/]+)/associations/default/(.+)$", "/crm/v4/objects/$2/$3/associations/default/$4", true),
            rule("^/crm/objects/(2026-0[39])/([^/]+)/([^/]+)/associations/([^/]+)$", "/crm/v4/objects/$2/$3/associations/$4", false),
            rule("^/crm/objects/(2026-0[39])/([^/]+)/([^/]+)/associations/([^/]+)/(.+)$", "/crm/v4/objects/$2/$3/associations/$4/$5", true),
            rule("^/crm/objects/(2026-0[39])/(.+)$", "/crm/v3/objects/$2", true),
            rule("^/crm/associations/(2026-0[39])/(.+)$", "/crm/v4/associations/$2", true),
            rule("^/crm/properties/(2026-0[39])/(.+)$", "/crm/v3/properties/$2", true),
            rule("^/crm/pipelines/(2026-0[39])/(.+)$", "/crm/v3/pipelines/$2", true),
            rule("^/crm-object-schemas/(2026-0[39])/(.+)$", "/crm-object-schemas/v3/$2", true),
            rule("^/crm/owners/(2026-0[39])$", "/crm/v3/owners", true),
            rule("^/crm/owners/(2026-0[39])/(.+)$", "/crm/v3/owners/$2", true),
            rule("^/files/(2026-0[39])/files/search$", "/files/v3/files/search", true),
            rule("^/files/(2026-0[39])/(.+)$", "/files/v3/$2", false),
            rule("^/account-info/(2026-0[39])/(.+)$", "/account-info/v3/$2", true),
            rule("^/oauth/(2026-0[39])/token/revoke$", "/oauth/dated/token/revoke", true),
            rule("^/oauth/(2026-0[39])/token$", "/oauth/v1/token", true));

    private static Rule rule(String dated, String legacy, boolean in2026_09) {
        return new Rule(Pattern.compile(dated), legacy, in2026_09);
    }

    /** The generation a HubSpot path belongs to: "2026-03", "2026-09" or "legacy" ("download" for a signed file URL). */
    public static String generationOf(String apiPath) {
        if (apiPath.startsWith("/_signed/")) {
            return "download";
        }
        for (Rule r : RULES) {
            Matcher m = r.dated().matcher(apiPath);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return LEGACY;
    }

    /** The generation of the request being handled (legacy when it came in at a legacy path). */
    public static String generation(HttpServletRequest request) {
        Object g = request.getAttribute(ATTRIBUTE);
        return g == null ? LEGACY : g.toString();
    }

    static Optional<String> legacyPath(String apiPath) {
        for (Rule r : RULES) {
            Matcher m = r.dated().matcher(apiPath);
            if (m.matches()) {
                if (m.group(1).equals("2026-09") && !r.in2026_09()) {
                    return Optional.of("");
                }
                return Optional.of(m.replaceFirst(r.legacy()));
            }
        }
        return Optional.empty();
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> hubspotDateVersionedPaths() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String apiPath = request.getRequestURI().substring(PREFIX.length());
                Optional<String> legacy = legacyPath(apiPath);
                if (legacy.isEmpty()) {
                    chain.doFilter(request, response);
                    return;
                }
                if (legacy.get().isEmpty()) {
                    response.setStatus(404);
                    response.setContentType("application/json;charset=utf-8");
                    response.getWriter().write(HubSpotError.notFound("No 2026-09 endpoint at " + apiPath).bodyJson());
                    return;
                }
                request.setAttribute(ATTRIBUTE, generationOf(apiPath));
                // the same request under its legacy path (not a forward: the call log must see the answer before the client does)
                String path = PREFIX + legacy.get();
                chain.doFilter(new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRequestURI() {
                        return request.getContextPath() + path;
                    }

                    @Override
                    public String getServletPath() {
                        return path;
                    }

                    @Override
                    public StringBuffer getRequestURL() {
                        StringBuffer url = new StringBuffer(request.getRequestURL());
                        url.setLength(url.length() - request.getRequestURI().length());
                        return url.append(getRequestURI());
                    }
                }, response);
            }
        });
        registration.addUrlPatterns(PREFIX + "/*");
        registration.setName("hubspotDateVersionedPaths");
        // after fault injection and the call log, which see the path as the client sent it
        registration.setOrder(10);
        return registration;
    }
}
