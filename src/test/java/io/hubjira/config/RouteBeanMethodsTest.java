package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route file's bean step that Camel could not call when a message arrives stops the start instead. */
class RouteBeanMethodsTest {

    public static class Worker {
        public void failed(Object exchange) {
        }

        public void failed(String event, Exception e) {
        }

        public void done(String event) {
        }
    }

    private static DefaultCamelContext contextCalling(String bean, String method) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("worker", new Worker());
        camel.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("event-failures").onException(Exception.class).handled(true).bean(bean, method);
            }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:event").routeId("event").choice().when(simple("${body} == 'x'")).bean(bean, method).end();
            }
        });
        return camel;
    }

    @Test
    void anOverloadedMethodInARouteOrAnErrorHandlerIsNamed() throws Exception {
        try (var camel = contextCalling("worker", "failed")) {
            assertThat(RouteBeanMethods.problems(camel)).containsExactlyInAnyOrder(
                    "route event: Worker.failed is overloaded (2 methods), so Camel cannot choose one when a message arrives",
                    "route configuration event-failures: Worker.failed is overloaded (2 methods), so Camel cannot choose one when a message arrives");
            assertThatThrownBy(() -> new RouteBeanMethods().beforeApplicationStart(camel))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Worker.failed is overloaded");
        }
    }

    @Test
    void aMissingMethodOrBeanIsNamed() throws Exception {
        try (var camel = contextCalling("worker", "retry")) {
            assertThat(RouteBeanMethods.problems(camel)).contains("route event: Worker has no public method 'retry'");
        }
        try (var camel = contextCalling("nobody", "done")) {
            assertThat(RouteBeanMethods.problems(camel)).contains("route event: bean 'nobody' does not exist");
        }
    }

    @Test
    void aMethodOfOneNameIsCallable() throws Exception {
        try (var camel = contextCalling("worker", "done")) {
            assertThat(RouteBeanMethods.problems(camel)).isEmpty();
        }
    }
}
