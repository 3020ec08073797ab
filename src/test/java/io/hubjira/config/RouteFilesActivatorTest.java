package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copy of the route files the connector loads. */
class RouteFilesActivatorTest {

    @TempDir
    Path workdir;

    @Test
    void aRoutesDirectoryWithRouteFilesIsLoadedFromTheFileSystem() throws Exception {
        Path routes = Files.createDirectory(workdir.resolve("routes"));
        Files.writeString(routes.resolve("hubspot-poll.camel.yaml"), "- route: {}\n");
        assertThat(RouteFilesActivator.routesPattern(RouteFilesActivator.PACKAGED, routes)).isEqualTo("file:routes/*.camel.yaml");
    }

    @Test
    void withoutRouteFilesThePackagedCopiesAreUsed() throws Exception {
        assertThat(RouteFilesActivator.routesPattern(RouteFilesActivator.PACKAGED, workdir.resolve("routes"))).isEqualTo(RouteFilesActivator.PACKAGED);
        Path empty = Files.createDirectory(workdir.resolve("routes"));
        Files.writeString(empty.resolve("notes.txt"), "not a route");
        assertThat(RouteFilesActivator.routesPattern(RouteFilesActivator.PACKAGED, empty)).isEqualTo(RouteFilesActivator.PACKAGED);
    }

    @Test
    void anExplicitPatternAlwaysWins() throws Exception {
        Path routes = Files.createDirectory(workdir.resolve("routes"));
        Files.writeString(routes.resolve("hubspot-poll.camel.yaml"), "- route: {}\n");
        assertThat(RouteFilesActivator.routesPattern("file:/opt/connector/routes/*.camel.yaml", routes)).isEqualTo("file:/opt/connector/routes/*.camel.yaml");
    }

    @Test
    void liveRouteReloadingIsRefusedAtStartUpWithWhatToDoInstead() {
        var env = new org.springframework.mock.env.MockEnvironment().withProperty("camel.main.routes-reload-enabled", "true");
        org.springframework.boot.logging.DeferredLogFactory logs = supplier -> org.apache.commons.logging.LogFactory.getLog(RouteFilesActivatorTest.class);
        var activator = new RouteFilesActivator(logs);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> activator.postProcessEnvironment(env, new org.springframework.boot.SpringApplication()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("camel.main.routes-reload-enabled=true is refused")
                .hasMessageContaining("restart");
    }
}
