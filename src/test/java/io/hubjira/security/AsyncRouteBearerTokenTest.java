package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A route an integration engineer adds on platform-http outside the webhook paths is an admin path: it takes the bearer
 * admin token. platform-http answers asynchronously, and Spring Security authorizes the async dispatch again on another
 * thread; the token's authentication must reach it, or the request is denied after its answer began and the client
 * sees its connection dropped.
 */
class AsyncRouteBearerTokenTest extends SandboxTest {

    @Autowired
    CamelContext camel;

    @Test
    void aPlatformHttpRouteAnswersEveryConcurrentRequestThatCarriesTheAdminToken() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/ops/async-echo?httpMethodRestrict=POST").routeId("async-echo").removeHeaders("*").setBody(constant("ok"));
            }
        });
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(senders.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/async-echo"))
                        .header("Authorization", "Bearer test-admin-token").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            int anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/async-echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(anonymous).as("without the token").isEqualTo(401);
        } finally {
            senders.shutdownNow();
            camel.getRouteController().stopRoute("async-echo");
            camel.removeRoute("async-echo");
        }
    }
}
