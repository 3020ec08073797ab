package io.hubjira.http;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.hubjira.config.ConnectorProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends API requests through Camel's http component (Apache HttpClient 5): one endpoint per scheme, host and port,
 * with this class's fixed options; the base URL's path, the request's path and its query travel as per-message
 * headers. Nothing of a base URL (a setting, a stored connection, a download URL an API handed out) ever becomes part
 * of an endpoint URI beyond its scheme, host and port, so no URL can add endpoint options ({@code proxyHost}, …) or
 * property placeholders; a URL that cannot be split that cleanly is refused before anything is sent
 * ({@link ApiBaseUrls#forTransport}). Failures are returned as answers (never thrown) so the executor can classify
 * them. Bodies travel as bytes, so binary downloads stay byte-exact.
 */
@Component
public class CamelHttpTransport implements ApiTransport {

    private static final String ENDPOINT_OPTIONS = "?throwExceptionOnFailure=false&followRedirects=true";

    private final ProducerTemplate producer;
    private final boolean allowLoopback;

    public CamelHttpTransport(CamelContext camel, ProducerTemplate producer, ConnectorProperties props) {
        this.producer = producer;
        this.allowLoopback = props.http().allowLoopbackBaseUrls();
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent component = camel.getComponent(scheme, HttpComponent.class);
            component.setConnectTimeout(props.http().connectTimeout().toMillis());
            component.setSoTimeout(props.http().readTimeout().toMillis());
            component.setResponseTimeout(props.http().readTimeout().toMillis());
            component.setConnectionRequestTimeout(props.http().connectTimeout().toMillis());
            // Apache HttpClient re-executes some requests on 429/503 by itself (after 1 s, idempotent methods): a hidden
            // second retry layer under the one retry policy, uncounted. The executor retries; the client never does.
            component.setHttpClientConfigurer(HttpClientBuilder::disableAutomaticRetries);
        }
    }

    @Override
    public ApiResponse send(ApiRequest request) throws IOException {
        URI base = ApiBaseUrls.forTransport(request.baseUrl(), allowLoopback);
        request.headers().keySet().forEach(CamelHttpTransport::requireHttpHeader);
        Exchange result = producer.send(endpointUri(base), exchange -> {
            exchange.setPattern(ExchangePattern.InOut);
            var in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, request.method());
            in.setHeader(Exchange.HTTP_PATH, path(base, request.path()));
            String query = request.queryString();
            if (query != null) {
                in.setHeader(Exchange.HTTP_QUERY, query);
            }
            request.headers().forEach(in::setHeader);
            if (request.contentType() != null) {
                in.setHeader(Exchange.CONTENT_TYPE, request.contentType());
            }
            in.setBody(request.body());
        });
        Exception failure = result.getException();
        if (failure != null) {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw new IOException(failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
        }
        var out = result.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> headers = new HashMap<>();
        out.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                headers.put(name, String.valueOf(value));
            }
        });
        byte[] body = out.getBody(byte[].class);
        return new ApiResponse(status == null ? 0 : status, headers, body);
    }

    /** The endpoint for a base URL: its scheme, host and port, and this class's options; nothing else of the URL. */
    static String endpointUri(URI base) {
        return base.getScheme().toLowerCase(Locale.ROOT) + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + ENDPOINT_OPTIONS;
    }

    /** The base URL's own path (the simulators', Jira's gateway form) followed by the request's path. */
    static String path(URI base, String requestPath) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + (requestPath.startsWith("/") ? requestPath : "/" + requestPath);
    }

    /** Camel's own headers (CamelHttpUri would replace the endpoint's URL) never come from a request. */
    private static void requireHttpHeader(String name) {
        if (name.toLowerCase(Locale.ROOT).startsWith("camel")) {
            throw new IllegalArgumentException("'" + name + "' is not an HTTP header a request may carry");
        }
    }
}
