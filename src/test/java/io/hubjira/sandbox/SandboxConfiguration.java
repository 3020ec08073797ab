package io.hubjira.sandbox;

import java.util.ArrayList;
import java.util.List;

import io.hubjira.intake.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The sandbox: stateful HubSpot and Jira simulators served by the same process under {@code /sandbox/**}, switched on
 * by the {@code sandbox} profile (the demo launcher and the end-to-end tests). The simulators check their callers'
 * fake tokens themselves, as HubSpot and Jira do, so the connector's own admin authentication stays out of their way.
 */
@Configuration
@Profile(SandboxConfiguration.PROFILE)
public class SandboxConfiguration {

    public static final String PROFILE = "sandbox";
    /** The demo's settings (simulator URLs and fake credentials, an in-memory database): they outrank ./application.yaml. */
    static final String DEMO_CONFIG = "--spring.config.additional-location=optional:classpath:/sandbox-demo/";

    /**
     * The simulated Forge host stands for Atlassian's hosting of the Custom UI, not for a page of the connector: like
     * Forge's theming, its bridge injects Atlassian's design-token style sheet as a {@code <style>} element, so its
     * pages take inline styles (scripts stay this origin's only). Set when the answer is committed, over the
     * connector's own policy, which the connector's outermost filter puts on every answer.
     */
    static final String FORGE_HOST_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    @Bean
    @Order(5)
    SecurityFilterChain sandboxSimulators(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/sandbox/**"))
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        PathPatternRequestMatcher.withDefaults().matcher("/sandbox/forge/host/**"),
                        (request, response) -> response.setHeader("Content-Security-Policy", FORGE_HOST_POLICY))))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * The simulators take bodies as large as the real services do (attachments up to their limits): the connector's
     * own body limits are for its own paths, so the simulators' are left to them.
     */
    @Bean
    BodyLimit simulatorBodies() {
        return BodyLimit.unbounded("/sandbox/**");
    }

    /** The command line of the demo: the demo configuration first, then whatever the user passed. */
    public static String[] demoArguments(String[] args) {
        List<String> all = new ArrayList<>(List.of(DEMO_CONFIG));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
