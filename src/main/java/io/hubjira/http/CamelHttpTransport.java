package io.hubjira.http;

import java.io.IOException;
import java.util.HashMap;
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
 * Sends API requests through Camel's http component (Apache HttpClient 5): one endpoint per base URL,
 * the concrete path and query as per-message headers, failures returned as answers (never thrown) so the
 * executor can classify them. Bodies travel as bytes, so binary downloads stay byte-exact.
 */
@Component
public class CamelHttpTransport implements ApiTransport {

    private static final String ENDPOINT_OPTIONS = "?throwExceptionOnFailure=false&followRedirects=true";

    private final ProducerTemplate producer;

    public CamelHttpTransport(CamelContext camel, ProducerTemplate producer, ConnectorProperties props) {
        this.producer = producer;
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
        String endpointUri = stripTrailingSlash(request.baseUrl()) + ENDPOINT_OPTIONS;
        Exchange result = producer.send(endpointUri, exchange -> {
            exchange.setPattern(ExchangePattern.InOut);
            var in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, request.method());
            in.setHeader(Exchange.HTTP_PATH, request.path());
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

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
