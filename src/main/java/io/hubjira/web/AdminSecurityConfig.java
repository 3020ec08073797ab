package io.hubjira.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import io.hubjira.config.ConnectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admin API security: every {@code /api/**} call and Hawtio need the admin credentials (HTTP Basic, or
 * {@code Authorization: Bearer <admin-token>}); a missing or wrong credential gets 401 with a JSON body.
 * Webhooks and the sandbox simulators authenticate callers themselves, by their own secrets and tokens.
 */
@Configuration
public class AdminSecurityConfig {

    /** Only the admin API and actuator go through authentication; everything else has its own (or no) auth. */
    @Bean
    @Order(1)
    SecurityFilterChain adminSecurity(HttpSecurity http, ConnectorProperties props) throws Exception {
        AuthenticationEntryPoint jsonUnauthorized = (request, response, e) -> {
            // browsers then ask for the admin credentials (the web console); API clients read the JSON
            response.setHeader("WWW-Authenticate", "Basic realm=\"HubSpot Connector for Jira\"");
            writeJsonError(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                        "Admin credentials are required: HTTP Basic or Authorization: Bearer <admin token>");
        };
        http.securityMatcher("/api/**", "/actuator/**", "/console/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(jsonUnauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(jsonUnauthorized))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .addFilterBefore(new AdminBearerTokenFilter(props.security().adminToken()), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/**", "/console/**", "/actuator/hawtio/**", "/actuator/jolokia/**").authenticated()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/actuator/info").permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * Webhooks, the sandbox simulators (whose Basic/Bearer headers are theirs to check) and the web pages: no Spring
     * authentication filter may touch their Authorization headers.
     */
    @Bean
    @Order(2)
    SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher("/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    UserDetailsService adminUsers(ConnectorProperties props) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(props.security().adminUsername())
                .password(encoder.encode(props.security().adminPassword()))
                .roles("ADMIN")
                .build());
    }

    static void writeJsonError(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }

    /** Accepts {@code Authorization: Bearer <admin-token>} when an admin token is configured; constant-time comparison. */
    static final class AdminBearerTokenFilter extends OncePerRequestFilter {
        private final byte[] expected;

        AdminBearerTokenFilter(String adminToken) {
            this.expected = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                if (MessageDigest.isEqual(expected, presented)) {
                    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "admin-token", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
                }
            }
            chain.doFilter(request, response);
        }
    }
}
