package io.hubjira.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;

import io.hubjira.config.ConnectorProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Deny by default: every HTTP path of the application needs the admin credentials (HTTP Basic, or
 * {@code Authorization: Bearer <admin token>}), whichever servlet serves it (Spring MVC, Jolokia, Hawtio,
 * platform-http), except this allow-list:
 * <ul>
 *   <li>{@code POST /webhooks/jira} and {@code POST /webhooks/hubspot}: they authenticate their senders by the
 *       webhook secrets (signature or bearer secret), so no credential filter may touch their headers;</li>
 *   <li>{@code GET /actuator/health/liveness} and {@code /readiness}: probes carry no credentials, and answer only
 *       a status;</li>
 *   <li>{@code GET /actuator/prometheus}: scrapers; with {@code connector.security.metrics-token} set it needs that
 *       bearer token (or the admin credentials) instead;</li>
 *   <li>{@code GET /favicon.ico}: the browser asks for it before any login, and must not trigger a credential
 *       prompt of its own.</li>
 * </ul>
 * The issue panel ({@code /api/panel/**} and its page) also opens to the panel role: the panel user (HTTP Basic) or
 * the panel token, configured apart from the admin's so Jira users never hold the admin password.
 * Refusals are problem documents: 401 with {@code WWW-Authenticate: Basic} (browsers then ask for the admin
 * credentials), 403, and 400 for requests the firewall rejects (an encoded slash, a malformed path).
 */
@Configuration
public class AdminSecurityConfig {

    static final String REALM = "HubSpot Connector for Jira";
    static final List<String> WEBHOOK_PATHS = List.of("/webhooks/jira", "/webhooks/hubspot");
    /** What the panel role opens: the issue panel's page, its script and style, and its API. */
    static final List<String> PANEL_PATHS = List.of("/api/panel/**", "/console/panel.html", "/console/panel.js", "/console/common.js",
            "/console/console.css");

    @Bean
    @Order(10)
    SecurityFilterChain webhookSenders(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(WEBHOOK_PATHS.stream().map(p -> path(HttpMethod.POST, p)).toList()))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(20)
    SecurityFilterChain everythingElse(HttpSecurity http, AdminCredentials admin, ConnectorProperties props) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            Problems.write(response, Problems.of(401, "unauthorized",
                    "Admin credentials are required: HTTP Basic, or Authorization: Bearer <admin token>."));
        };
        AccessDeniedHandler forbidden = (request, response, e) -> Problems.write(response, Problems.of(403, "forbidden",
                "These credentials may not use " + request.getRequestURI() + "."));
        // stateless Basic/bearer credentials, so no CSRF tokens; instead no browser request from another origin is taken
        http.csrf(csrf -> csrf.disable())
                .cors(cors -> cors.configurationSource(sameOriginOnly(props.security().allowedOrigins())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .addFilterBefore(new BearerTokenFilter(admin.token(), admin.panelToken()), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the error page renders the refusal of a request that was itself allowed (e.g. a webhook's 405)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(path(HttpMethod.GET, "/actuator/health/liveness"), path(HttpMethod.GET, "/actuator/health/readiness"))
                        .permitAll()
                        .requestMatchers(path(HttpMethod.GET, "/actuator/prometheus")).access(metricsScrape(props.security().metricsToken()))
                        .requestMatchers(path(HttpMethod.GET, "/favicon.ico")).permitAll()
                        .requestMatchers(PANEL_PATHS.stream().map(p -> path(null, p)).toArray(RequestMatcher[]::new)).hasAnyRole("ADMIN", "PANEL")
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /** Open for scrapers, unless a metrics token is configured: then that bearer token, or the admin credentials. */
    static AuthorizationManager<RequestAuthorizationContext> metricsScrape(String metricsToken) {
        if (metricsToken == null || metricsToken.isBlank()) {
            return (authentication, context) -> new AuthorizationDecision(true);
        }
        byte[] expected = metricsToken.trim().getBytes(StandardCharsets.UTF_8);
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            String header = context.getRequest().getHeader("Authorization");
            boolean scraper = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(expected, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
            Authentication who = authentication.get();
            boolean admin = who != null && who.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
            return new AuthorizationDecision(scraper || admin);
        };
    }

    /**
     * A CORS policy that allows no other origin than those listed: a page elsewhere cannot make the admin's browser
     * (with its cached Basic credentials) send requests here. Same-origin requests are not CORS requests and pass.
     */
    static CorsConfigurationSource sameOriginOnly(List<String> allowedOrigins) {
        CorsConfiguration policy = new CorsConfiguration();
        policy.setAllowedOrigins(allowedOrigins);
        policy.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        policy.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match"));
        policy.setAllowCredentials(!allowedOrigins.isEmpty());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", policy);
        return source;
    }

    /** Requests the firewall refuses (encoded slashes, path traversal, illegal characters): 400 naming the reason. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> Problems.write(response, Problems.of(400, "request_rejected",
                "The request was refused: " + rejected.getMessage()
                        + ". Identifiers in a path may not contain encoded slashes (%2F) or backslashes."));
    }

    @Bean
    UserDetailsService adminUsers(AdminCredentials admin) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
        if (admin.panelUsername() != null) {
            users.createUser(User.withUsername(admin.panelUsername()).password(encoder.encode(admin.panelPassword())).roles("PANEL").build());
        }
        return users;
    }

    static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }

    /**
     * Accepts {@code Authorization: Bearer <token>}: the admin token (role ADMIN) or the panel token (role PANEL), each
     * when configured; constant-time comparison.
     */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final byte[] admin;
        private final byte[] panel;

        BearerTokenFilter(String adminToken, String panelToken) {
            this.admin = bytes(adminToken);
            this.panel = bytes(panelToken);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                if (admin != null && MessageDigest.isEqual(admin, presented)) {
                    authenticate("admin-token", "ROLE_ADMIN");
                } else if (panel != null && MessageDigest.isEqual(panel, presented)) {
                    authenticate("panel-token", "ROLE_PANEL");
                }
            }
            chain.doFilter(request, response);
        }

        private static void authenticate(String who, String role) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(who, null,
                    List.of(new SimpleGrantedAuthority(role))));
        }

        private static byte[] bytes(String token) {
            return token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        }
    }
}
