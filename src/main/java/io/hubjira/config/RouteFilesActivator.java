package io.hubjira.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Loads the route files from the file system when a {@code routes/} directory with route files is present in the
 * working directory (a checkout, or a directory mounted into a container), so integration engineers' edits apply on
 * the next start without a rebuild; otherwise the copies packaged in the jar are used. An explicit
 * {@code CONNECTOR_ROUTES} (camel.main.routes-include-pattern) always wins. Never both: the route ids would clash.
 */
public class RouteFilesActivator implements EnvironmentPostProcessor, Ordered {

    static final String PATTERN = "camel.main.routes-include-pattern";
    static final String PACKAGED = "classpath:routes/*.camel.yaml";
    static final String FILES = "file:routes/*.camel.yaml";

    private final Log log;

    public RouteFilesActivator(DeferredLogFactory logs) {
        this.log = logs.getLog(RouteFilesActivator.class);
    }

    static final String RELOAD = "camel.main.routes-reload-enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (Boolean.parseBoolean(env.getProperty(RELOAD, "false"))) {
            // a live reload replaces a file's routes one by one while the others run: the flows share direct: endpoints,
            // route configurations and database claims, and a half-replaced set stops the poll and the inbox
            throw new IllegalStateException(RELOAD + "=true is refused: route files are applied on restart, not reloaded live "
                    + "(a half-reloaded set of flows stops syncing). Edit routes/*.camel.yaml, then restart the connector; with "
                    + "several instances, restart them one after the other and nothing is lost.");
        }
        String chosen = routesPattern(env.getProperty(PATTERN, PACKAGED), Path.of("routes"));
        if (!chosen.equals(env.getProperty(PATTERN, PACKAGED))) {
            env.getPropertySources().addFirst(new MapPropertySource("connectorRouteFiles", Map.of(PATTERN, chosen)));
            log.info("Routes are loaded from the file system (" + chosen + "); edits apply on the next start");
        }
    }

    /** The file-system pattern when the configured one is the packaged default and the directory holds route files. */
    static String routesPattern(String configured, Path directory) {
        if (!PACKAGED.equals(configured) || !Files.isDirectory(directory)) {
            return configured;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.camel.yaml")) {
            return files.iterator().hasNext() ? FILES : configured;
        } catch (IOException e) {
            return configured;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
