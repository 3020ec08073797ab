package io.hubjira.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Boots the real route files from routes/ and checks the exact set of flows the connector runs. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RouteCatalogueTest {

    static final Set<String> EXPECTED_ROUTES = Set.of(
            "hubspot-token-refresh");

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileIsLoadedWithItsFlowId() {
        Set<String> ids = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
        assertThat(ids).isEqualTo(EXPECTED_ROUTES);
    }

    @Test
    void routesComeFromTheRouteFiles() {
        assertThat(camel.getRoutes()).allSatisfy(route ->
                assertThat(route.getSourceLocation()).as(route.getRouteId()).contains("routes/" + route.getRouteId() + ".camel.yaml"));
    }
}
