package io.hubjira.admin;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request that changes anything is taken from another site. A browser attaches the admin's cached Basic
 * credentials to any request a page sends here, so for every authenticated request that changes state —
 * any method but GET, HEAD and OPTIONS, and every request to Jolokia, whose GET form runs operations too — the guard
 * asks where it came from, in this order:
 * <ol>
 *   <li>{@code Sec-Fetch-Site} (every current browser sends it; a page cannot forge it): {@code same-origin} and
 *       {@code none} (the user's own navigation) pass; {@code same-site} and {@code cross-site} pass only with an
 *       {@code Origin} listed in {@code connector.security.allowed-origins};</li>
 *   <li>else {@code Origin}: this connector's own origin or a listed one;</li>
 *   <li>else {@code Referer}: its origin, the same way;</li>
 *   <li>none of them: not a browser. Only a bearer token (the admin's) may do that: a browser never
 *       attaches one by itself, so a script uses {@code Authorization: Bearer <token>}.</li>
 * </ol>
 * Anything else gets 403 with a problem naming the reason. Anonymous requests pass on to the authorization rules
 * (401); the webhooks have their own filter chain and authenticate their senders themselves.
 */
final class CrossSiteRequestGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    static final List<String> JOLOKIA_PATHS = List.of("/actuator/jolokia", "/actuator/hawtio/jolokia");

    private final Set<String> allowedOrigins;
    private final RefusalLog refusals;

    CrossSiteRequestGuard(List<String> allowedOrigins, RefusalLog refusals) {
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteRequestGuard::normalized).collect(Collectors.toSet());
        this.refusals = refusals;
    }

    /** A bearer-token authentication (the admin token): never attached by a browser on its own. */
    interface BearerAuthenticated {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String refusal = who == null || who instanceof AnonymousAuthenticationToken || !changesState(request) ? null
                : refusal(request, who instanceof BearerAuthenticated);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        refusals.refused("cross-site requests", LoginThrottle.clientOf(request.getRemoteAddr()),
                request.getMethod() + " " + request.getRequestURI() + " refused: " + refusal);
        Problems.write(response, Problems.of(403, "cross_site_request", "Refused " + request.getMethod() + " " + request.getRequestURI()
                + ": " + refusal));
    }

    static boolean changesState(HttpServletRequest request) {
        if (!SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        // decoded, as the servlet container maps it (an encoded letter must not hide Jolokia)
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return JOLOKIA_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** Why the request is refused, or null when it comes from this site (or a listed origin, or a bearer-token script). */
    private String refusal(HttpServletRequest request, boolean bearerToken) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site != null) {
            if (site.equals("same-origin") || site.equals("none")) {
                return null;
            }
            if (origin != null && allowedOrigins.contains(normalized(origin))) {
                return null;
            }
            return "the browser says it comes from another site (Sec-Fetch-Site: " + site + (origin == null ? "" : ", Origin: " + origin)
                    + "); pages elsewhere may not change anything here";
        }
        String own = ownOrigin(request);
        if (origin != null) {
            return fromHere(origin, own) ? null : "Origin " + origin + " is neither this site (" + own + ") nor an allowed origin";
        }
        String referer = request.getHeader("Referer");
        if (referer != null) {
            return fromHere(referer, own) ? null
                    : "the Referer's origin " + normalized(referer) + " is neither this site (" + own + ") nor an allowed origin";
        }
        return bearerToken ? null : "the request names no Sec-Fetch-Site, Origin or Referer. Browsers send them; a script changes "
                + "things with Authorization: Bearer <admin token> (CONNECTOR_ADMIN_TOKEN), not with the password";
    }

    private boolean fromHere(String origin, String own) {
        String normalized = normalized(origin);
        return normalized.equals(own) || allowedOrigins.contains(normalized);
    }

    private static String ownOrigin(HttpServletRequest request) {
        return normalized(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
    }

    /**
     * The origin of an Origin header or a URL (a Referer): scheme://host[:port], lower case, without the scheme's
     * default port; "null" for an opaque or unreadable one.
     */
    static String normalized(String origin) {
        String text = origin.trim().toLowerCase(Locale.ROOT);
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "null";
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (port == 80 && uri.getScheme().equals("http")) || (port == 443 && uri.getScheme().equals("https"));
            return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException unreadable) {
            return "null";
        }
    }
}
