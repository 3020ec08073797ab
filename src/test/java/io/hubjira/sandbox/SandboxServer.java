package io.hubjira.sandbox;

import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The two simulators alone, without the connector, on a port of their own: for tests that run the production jar as a
 * separate process against them (and kill it). The connector under test reaches them over HTTP like the real services,
 * and they read request bodies as UTF-8, as JSON is (a servlet's default would be ISO-8859-1).
 */
@Configuration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class, MultipartAutoConfiguration.class, HttpEncodingAutoConfiguration.class})
@ComponentScan(basePackageClasses = SandboxServer.class, excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
        classes = {SandboxDemoItems.class, SandboxConfiguration.class}))
public class SandboxServer {

    /** Starts the simulators on a free port with these settings (e.g. connector.sandbox.* limits and webhook targets). */
    public static ConfigurableApplicationContext start(Map<String, Object> settings) {
        return new SpringApplicationBuilder(SandboxServer.class)
                .web(WebApplicationType.SERVLET)
                .profiles(SandboxConfiguration.PROFILE)
                // not the connector's application.yaml: the simulators need none of it
                .properties(Map.of("spring.config.name", "sandbox-server", "server.port", "0",
                        "spring.servlet.multipart.max-file-size", "20MB", "spring.servlet.multipart.max-request-size", "20MB"))
                .properties(settings)
                .run();
    }
}
