package io.hubjira.intake;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import io.hubjira.admin.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A webhook delivery's headers are checked before a byte of its body is read: a caller without the secret (no
 * credential, a wrong bearer secret, a malformed signature, a HubSpot timestamp outside its 5 minutes) gets 401 at once,
 * and its body is never taken from the connection (Tomcat drains at most {@code server.tomcat.max-swallow-size} of it,
 * then closes). Only a signature, which covers the body, waits for the body, read bounded by {@link RequestBodyLimits};
 * the routes check the headers again and then the signature.
 */
@Configuration
public class WebhookCredentialsFirst {

    private static final Logger log = LoggerFactory.getLogger(WebhookCredentialsFirst.class);

    /** The intakes are looked up per request: filters are made before the rest of the application (its database). */
    @Bean
    FilterRegistrationBean<HeadersChecked> jiraWebhookCredentialsFirst(ObjectProvider<JiraWebhookIntake> jira) {
        return registration("jiraWebhookCredentialsFirst", List.of(JiraWebhookIntake.PATH, JiraWebhookIntake.PATH + "/*"), "Jira",
                delivery -> jira.getObject().signatureToCheck(delivery));
    }

    @Bean
    FilterRegistrationBean<HeadersChecked> hubspotWebhookCredentialsFirst(ObjectProvider<HubSpotWebhookIntake> hubspot) {
        return registration("hubspotWebhookCredentialsFirst", List.of("/webhooks/hubspot"), "HubSpot", delivery -> hubspot.getObject().checkHeaders(delivery));
    }

    private static FilterRegistrationBean<HeadersChecked> registration(String name, List<String> paths, String sender, Consumer<DeliveryHeaders> check) {
        FilterRegistrationBean<HeadersChecked> registration = new FilterRegistrationBean<>(new HeadersChecked(sender, check));
        registration.setName(name);
        // before the body is read and bounded
        registration.setOrder(RequestBodyLimits.ORDER - 1);
        registration.addUrlPatterns(paths.toArray(String[]::new));
        return registration;
    }

    static final class HeadersChecked extends OncePerRequestFilter {

        private final String sender;
        private final Consumer<DeliveryHeaders> check;

        HeadersChecked(String sender, Consumer<DeliveryHeaders> check) {
            this.sender = sender;
            this.check = check;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"POST".equals(request.getMethod())) {
                // the route answers other methods (405) and reads no body for them
                chain.doFilter(request, response);
                return;
            }
            try {
                check.accept(DeliveryHeaders.of(request));
            } catch (WebhookRejected refused) {
                log.warn("{} webhook refused before its body was read: {}", sender, refused.getMessage());
                Problems.write(response, refused.problem());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
