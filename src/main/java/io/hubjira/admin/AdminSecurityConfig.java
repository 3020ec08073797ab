package io.hubjira.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.ops.JolokiaAccessPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Deny by default: every HTTP path of the application needs the admin credentials (HTTP Basic, or
 * {@code Authorization: Bearer <admin token>}), whichever servlet serves it (Spring MVC, Jolokia, Hawtio,
 * platform-http), except this allow-list:
 * <ul>
 *   <li>{@code POST /webhooks/jira}, {@code /webhooks/jira/{connectionId}} and {@code POST /webhooks/hubspot}: they authenticate their senders by the
 *       webhook secrets (signature or bearer secret), so no credential filter may touch their headers;</li>
 *   <li>{@code GET /actuator/health/liveness} and {@code /readiness}: probes carry no credentials, and answer only
 *       a status;</li>
 *   <li>{@code GET /actuator/prometheus}: only with {@code connector.security.metrics-open}; otherwise it needs the
 *       metrics token (configured, or generated into an owner-only file) or the admin credentials;</li>
 *   <li>{@code GET /favicon.ico}: the browser asks for it before any login, and must not trigger a credential
 *       prompt of its own.</li>
 * </ul>
 * The issue panel's API ({@code /api/panel/**}) also takes a Forge Invocation Token for the Jira user it names: such
 * requests go to {@link ForgeSecurityConfig}'s chain; the standalone panel page is the admin's.
 * Refusals are problem documents: 401 with {@code WWW-Authenticate: Basic} (browsers then ask for the admin
 * credentials), 403, 429 with Retry-After for a client address that failed too many logins ({@link LoginThrottle}),
 * and 400 for requests the firewall rejects (an encoded slash, a malformed path).
 * Browsers cache Basic credentials, so no request that changes state is taken from another site
 * ({@link CrossSiteRequestGuard}, and CORS for requests with a foreign Origin); Jolokia takes POST only and only the
 * request types its policy lists ({@link JolokiaRequestGate}). Every answer carries the browser-hardening headers
 * ({@link SecurityHeaders}).
 */
@Configuration
public class AdminSecurityConfig {

    static final String REALM = "HubSpot Connector for Jira";
    static final List<String> WEBHOOK_PATHS = List.of("/webhooks/jira", "/webhooks/jira/*", "/webhooks/hubspot");
    
    @Bean
    @Order(10)
    SecurityFilterChain webhookSenders(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(WEBHOOK_PATHS.stream().map(p -> path(HttpMethod.POST, p)).toList()))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(AdminSecurityConfig::securityHeaders)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(20)
    SecurityFilterChain everythingElse(HttpSecurity http, AdminCredentials admin, ConnectorProperties props, LoginThrottle throttle,
                                       AuthenticationManager passwords) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            if (e instanceof LoginThrottle.ThrottledException throttled) {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                response.setHeader("Retry-After", String.valueOf(seconds));
                Problems.write(response, Problems.of(429, "login_throttled", "Too many failed logins from this address: credentials "
                        + "are not checked for it for the next " + seconds + " s."));
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            Problems.write(response, Problems.of(401, "unauthorized",
                    "Admin credentials are required: HTTP Basic, or Authorization: Bearer <admin token>."));
        };
        AccessDeniedHandler forbidden = (request, response, e) -> Problems.write(response, Problems.of(403, "forbidden",
                "These credentials may not use " + request.getRequestURI() + "."));
        ConnectorProperties.Security security = props.security();
        // stateless Basic/bearer credentials, so no CSRF tokens: instead no request that changes state is taken from
        // another site (the guard), and no browser request with another Origin at all (CORS)
        http.csrf(csrf -> csrf.disable())
                .addFilter(problemAnsweringCors(security.allowedOrigins()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authenticationManager(passwords)
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(AdminSecurityConfig::securityHeaders)
                .addFilterBefore(new BearerTokenFilter(admin, throttle, unauthorized), BasicAuthenticationFilter.class)
                .addFilterBefore(new CrossSiteRequestGuard(security.allowedOrigins(), new RefusalLog(security.loginThrottle().period())),
                        AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the error page renders the refusal of a request that was itself allowed (e.g. a webhook's 405)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(path(HttpMethod.GET, "/actuator/health/liveness"), path(HttpMethod.GET, "/actuator/health/readiness"))
                        .permitAll()
                        .requestMatchers(path(HttpMethod.GET, "/actuator/prometheus")).access(metricsScrape(admin.metricsOpen()))
                        .requestMatchers(path(HttpMethod.GET, "/favicon.ico")).permitAll()
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /** The security headers of every chain: X-Frame-Options and nosniff are written by {@link SecurityHeaders} with the rest. */
    static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.frameOptions(f -> f.disable()).contentTypeOptions(c -> c.disable()).addHeaderWriter(new SecurityHeaders());
    }

    /** Open with connector.security.metrics-open; otherwise the metrics token (role METRICS) or the admin credentials. */
    static AuthorizationManager<RequestAuthorizationContext> metricsScrape(boolean open) {
        return open ? (authentication, context) -> new AuthorizationDecision(true) : AuthorityAuthorizationManager.hasAnyRole("ADMIN", "METRICS");
    }

    /** The password check behind HTTP Basic: BCrypt, throttled per client address and cached on success. */
    @Bean
    AuthenticationManager adminAuthentication(AdminCredentials admin, LoginThrottle throttle, ConnectorProperties props) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(new ThrottledPasswordCheck(passwords, throttle, props.security().loginThrottle().successTtl()));
    }

    @Bean
    LoginThrottle loginThrottle(ConnectorProperties props, MeterRegistry meters) {
        return new LoginThrottle(props.security().loginThrottle(), meters);
    }

    /**
     * The security headers before anything else runs: filters in front of the security chain (the webhooks' credential
     * check, the body limits) answer some requests themselves. The chain's header writer sets them again when the
     * answer is committed, over weaker ones a servlet (Hawtio) may have set meanwhile.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> securityHeadersFirst() {
        SecurityHeaders headers = new SecurityHeaders();
        FilterRegistrationBean<OncePerRequestFilter> first = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                headers.writeHeaders(request, response);
                chain.doFilter(request, response);
            }
        });
        first.setName("securityHeadersFirst");
        first.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return first;
    }

    /** Jolokia, reached directly or through Hawtio's forward: POST only, and only the request types its policy lists. */
    @Bean
    FilterRegistrationBean<JolokiaRequestGate> jolokiaRequestGate(JolokiaAccessPolicy policy) {
        FilterRegistrationBean<JolokiaRequestGate> gate = new FilterRegistrationBean<>(new JolokiaRequestGate(policy));
        gate.addServletNames("jolokia");
        gate.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
        return gate;
    }

    /**
     * A CORS policy that allows no other origin than those listed: a page elsewhere cannot make the admin's browser
     * (with its cached Basic credentials) send requests here. Same-origin requests are not CORS requests and pass.
     * A refusal is a problem document like every other.
     */
    static CorsFilter problemAnsweringCors(List<String> allowedOrigins) {
        CorsFilter cors = new CorsFilter(sameOriginOnly(allowedOrigins));
        cors.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                response.setStatusCode(HttpStatus.FORBIDDEN);
                response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                response.getBody().write(Problems.json(Problems.of(403, "cross_origin_refused", "Browser requests from another origin are "
                        + "refused (only this site and connector.security.allowed-origins may call the connector).")).getBytes(StandardCharsets.UTF_8));
                response.flush();
            }
        });
        return cors;
    }

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

    static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }

    /**
     * Accepts {@code Authorization: Bearer <token>}: the admin token (role ADMIN) or the metrics token (role METRICS, which opens the metrics scrape and nothing else), each when configured; compared in
     * constant time. An unknown token counts as a failed login of its client address; a throttled address gets 429.
     */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final Map<String, byte[]> tokens = new LinkedHashMap<>();
        private final LoginThrottle throttle;
        private final AuthenticationEntryPoint refusal;
        private final RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

        BearerTokenFilter(AdminCredentials credentials, LoginThrottle throttle, AuthenticationEntryPoint refusal) {
            put("ROLE_ADMIN", credentials.token());
            put("ROLE_METRICS", credentials.metricsToken());
            this.throttle = throttle;
            this.refusal = refusal;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                String role = tokens.entrySet().stream().filter(t -> MessageDigest.isEqual(t.getValue(), presented)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                String client = LoginThrottle.clientOf(request.getRemoteAddr());
                try {
                    throttle.refuseIfThrottled(client);
                    if (role == null) {
                        throttle.takeAttempt(client);
                        throttle.failed(client, "an unknown bearer token");
                    }
                } catch (LoginThrottle.ThrottledException throttled) {
                    refusal.commence(request, response, throttled);
                    return;
                }
                if (role != null) {
                    // kept with the request too, as Basic does: a route answered asynchronously (platform-http) is
                    // authorized again on its async dispatch, on another thread, where only the request carries it
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new BearerToken(role));
                    SecurityContextHolder.setContext(context);
                    contexts.saveContext(context, request, response);
                }
            }
            chain.doFilter(request, response);
        }

        private void put(String role, String token) {
            if (token != null && !token.isBlank()) {
                tokens.put(role, token.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Authenticated by a bearer token: a browser never sends one by itself, so the cross-site guard lets it through. */
    static final class BearerToken extends AbstractAuthenticationToken implements CrossSiteRequestGuard.BearerAuthenticated {
        private final String role;

        BearerToken(String role) {
            super(List.of(new SimpleGrantedAuthority(role)));
            this.role = role;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return role.substring("ROLE_".length()).toLowerCase(Locale.ROOT) + "-token";
        }
    }
}
