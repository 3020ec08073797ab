package io.hubjira.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin API described as OpenAPI at /v3/api-docs, browsable with Swagger UI at /swagger-ui.html (both behind the
 * admin credentials, like the API itself), and the console's entry points: {@code /} and {@code /console/} open the
 * dashboard.
 */
@Configuration
public class ApiDocsConfig implements WebMvcConfigurer {

    @Bean
    OpenAPI adminApi() {
        return new OpenAPI()
                .info(new Info().title("HubSpot Connector for Jira — admin API")
                        .description("Connections, Smart Connected Items, sync operations (poll, dead letters, replays), the dashboard, "
                                + "activity, divergence checks and the Jira issue panel. Errors are application/problem+json with "
                                + "type, title, status, detail and code.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("the admin token (connector.security.admin-token), or a Forge Invocation Token for /api/panel/**")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
        registry.addRedirectViewController("/console", "/console/");
    }
}
