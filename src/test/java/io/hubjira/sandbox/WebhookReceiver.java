package io.hubjira.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A stand-in for the connector's webhook endpoints in simulator tests: keeps every delivery it gets and answers a status. */
final class WebhookReceiver implements AutoCloseable {

    /** One delivery: its path, body and the one header the test checks. */
    record Received(String path, String body, String signature, String timestamp) {}

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** Listens on a free port; {@code signatureHeader} is the header kept as the delivery's signature. */
    WebhookReceiver(String signatureHeader, int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst(signatureHeader), exchange.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp")));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
