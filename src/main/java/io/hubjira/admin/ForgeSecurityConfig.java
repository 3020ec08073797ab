package io.hubjira.admin;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.hubjira.config.ForgeProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Forge app's door: every request under {@code /forge/**} must carry a valid Forge Invocation Token as
 * {@code Authorization: Bearer <FIT>} (see {@link ForgeTokens} for what is checked), and so must a request to the
 * panel API {@code /api/panel/**} that presents a bearer JWT instead of the admin credentials (the admin chain takes
 * every other one). A request about an issue must
 * be about the issue the token's context names, when it names one (Forge signs the issue the panel is showing into
 * the context; what the panel's browser side sends is not to be trusted). Anything else is answered 401 with a JSON
 * problem naming why, which Forge reports to the app as "Remote could not verify the Forge Invocation Token". No
 * session, no cookies, no CSRF: each call stands on its own token. Error answers here are {@code application/json}
 * (Forge's invokeRemote refuses any other content type on a non-2xx answer).
 */
@Configuration
public class ForgeSecurityConfig {

    static final String FORGE_PATHS = "/forge/**";
    static final String PANEL_API = "/api/panel/**";
    static final String FIT_AUTHORITY = "FORGE_INVOCATION";

    @Bean
    @Order(15)
    SecurityFilterChain forgeInvocations(HttpSecurity http, ForgeProperties forge, ForgeSites sites, Clock clock, Environment env)
            throws Exception {
        JwtAuthenticationConverter fitUser = new JwtAuthenticationConverter();
        fitUser.setPrincipalClaimName("principal");
        fitUser.setJwtGrantedAuthoritiesConverter(jwt -> List.of(new SimpleGrantedAuthority(FIT_AUTHORITY)));
        AuthenticationEntryPoint refused = (request, response, e) -> refuse(response, e);
        AccessDeniedHandler otherIssue = (request, response, e) -> refuse(response, "fit_other_issue",
                "The Forge Invocation Token was issued for another issue than the one this request names.");
        http.securityMatcher(new OrRequestMatcher(path(FORGE_PATHS), new AndRequestMatcher(path(PANEL_API), ForgeSecurityConfig::presentsAJwt)))
                .addFilterBefore(new PlainJsonErrors(), DisableEncodeUrlFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .headers(AdminSecurityConfig::securityHeaders)
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.decoder(new SupplierJwtDecoder(() -> ForgeTokens.decoder(withJwksUrl(forge, env), clock,
                                ForgeTokens.REFETCH_INTERVAL, sites::installations))).jwtAuthenticationConverter(fitUser))
                        .authenticationEntryPoint(refused)
                        .accessDeniedHandler(otherIssue))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(refused).accessDeniedHandler(otherIssue))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path("/forge/panel/{issue}"), path("/forge/panel/{issue}/**"), path("/api/panel/{issue}"),
                                path("/api/panel/{issue}/**")).access(theTokensIssue())
                        .anyRequest().hasAuthority(FIT_AUTHORITY));
        return http.build();
    }

    /** The JWKS address as the environment resolves it when the first token arrives (it may name the server's own port). */
    private static ForgeProperties withJwksUrl(ForgeProperties forge, Environment env) {
        return new ForgeProperties(forge.appId(), forge.installationId(), env.getProperty("connector.forge.jwks-url", forge.jwksUrl()));
    }

    /** The request's issue is the one the token's context names (when it names one). */
    static AuthorizationManager<RequestAuthorizationContext> theTokensIssue() {
        return (authentication, context) -> {
            if (!(authentication.get() instanceof JwtAuthenticationToken fit)) {
                return new AuthorizationDecision(false);
            }
            Optional<ForgeTokens.ContextIssue> signed = ForgeTokens.contextIssue(fit.getToken());
            String requested = context.getVariables().get("issue");
            return new AuthorizationDecision(signed.isEmpty() || signed.get().is(requested));
        };
    }

    /** {@code Authorization: Bearer} with a JWS in compact form (three dot-separated parts): a FIT, never the admin token. */
    static boolean presentsAJwt(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return header.substring(7).trim().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    /** The Jira user a valid FIT names. */
    static String accountId(Jwt fit) {
        return fit.getClaimAsString("principal");
    }

    private static void refuse(HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof OAuth2AuthenticationException && e.getMessage() != null) {
            refuse(response, "fit_invalid", "The Forge Invocation Token was refused: " + reason(e.getMessage()));
        } else {
            refuse(response, "fit_missing", "A Forge Invocation Token is required: Authorization: Bearer <FIT>, as Forge sends it.");
        }
    }

    private static void refuse(HttpServletResponse response, String code, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        Problems.write(response, Problems.of(401, code, detail));
    }

    /** Spring's wording without its prefix ("An error occurred while attempting to decode the Jwt: …"). */
    private static String reason(String message) {
        String prefix = "An error occurred while attempting to decode the Jwt: ";
        String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return reason.endsWith(".") ? reason : reason + ".";
    }

    static PathPatternRequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    /**
     * Forge's invokeRemote takes a non-2xx answer only as {@code application/json}: problem documents go out under
     * that type here (their body is the same RFC 9457 document).
     */
    static final class PlainJsonErrors extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(request, new HttpServletResponseWrapper(response) {
                @Override
                public void setContentType(String type) {
                    super.setContentType(plain(type));
                }

                @Override
                public void setHeader(String name, String value) {
                    super.setHeader(name, "content-type".equalsIgnoreCase(name) ? plain(value) : value);
                }

                @Override
                public void addHeader(String name, String value) {
                    super.addHeader(name, "content-type".equalsIgnoreCase(name) ? plain(value) : value);
                }
            });
        }

        static String plain(String type) {
            return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    ? MediaType.APPLICATION_JSON_VALUE : type;
        }
    }
}
