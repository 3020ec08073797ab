package io.hubjira.intake;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.hubjira.admin.Problems;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.ops.JolokiaAccessPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body the application takes is read once, in front of everything else, and counted while it is read,
 * whatever its transfer encoding (a declared Content-Length or chunks): reading stops at the path's limit plus one
 * byte. A body over the limit is answered 413 (problem+json) and not read any further (Tomcat then drains at most
 * {@code server.tomcat.max-swallow-size} of the rest and closes the connection); a body within it is handed on as the
 * request's body. Limits: the webhooks {@code connector.webhooks.max-body-bytes}, Jolokia
 * {@link JolokiaAccessPolicy#MAX_REQUEST_BYTES}, every other path {@code connector.api.max-body-bytes}; further
 * {@link BodyLimit} beans come before that default.
 * <p>
 * Why here and not in the routes: platform-http on Spring Boot reads a whole request body into memory (its message's
 * stream cache) before a route's first step runs, and Spring's form filter reads PUT/PATCH/DELETE form bodies before
 * the security chain. Nothing in front of this filter reads a body.
 */
@Configuration
public class RequestBodyLimits {

    /** Right after the character-encoding filter (which sets the request's charset and reads nothing). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    static final String WEBHOOK_SETTING = "connector.webhooks.max-body-bytes";
    static final String API_SETTING = "connector.api.max-body-bytes";

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimits.class);

    @Bean
    FilterRegistrationBean<BoundedBodies> boundedRequestBodies(ConnectorProperties props, ObjectProvider<BodyLimit> further) {
        List<BodyLimit> limits = new ArrayList<>();
        limits.add(BodyLimit.of(JiraWebhookIntake.PATH, props.webhooks().maxBodyBytes(), WEBHOOK_SETTING));
        limits.add(BodyLimit.of(JiraWebhookIntake.PATH + "/*", props.webhooks().maxBodyBytes(), WEBHOOK_SETTING));
        limits.add(BodyLimit.of("/webhooks/hubspot", props.webhooks().maxBodyBytes(), WEBHOOK_SETTING));
        further.orderedStream().forEach(limits::add);
        // Jolokia (directly and behind Hawtio): only admins get there, and Hawtio's permission checks outgrow the API's limit
        for (String jolokia : List.of("/actuator/jolokia/**", "/actuator/hawtio/jolokia/**")) {
            limits.add(BodyLimit.of(jolokia, JolokiaAccessPolicy.MAX_REQUEST_BYTES, "the Jolokia request limit"));
        }
        limits.add(BodyLimit.of("/**", props.api().maxBodyBytes(), API_SETTING));
        FilterRegistrationBean<BoundedBodies> registration = new FilterRegistrationBean<>(new BoundedBodies(limits));
        registration.setName("boundedRequestBodies");
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Tomcat answers {@code Expect: 100-continue} only once the application starts reading the body, so a client that
     * asks before sending (curl does for large bodies) gets the 413 of a declared length over the limit without sending
     * a byte of it.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnlyWhenTheBodyIsRead() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }

    /** The filter: the first limit whose pattern matches the request's path applies. */
    static final class BoundedBodies extends OncePerRequestFilter {

        private final List<BodyLimit> limits;

        BoundedBodies(List<BodyLimit> limits) {
            this.limits = List.copyOf(limits);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = path(request);
            BodyLimit limit = limits.stream().filter(l -> l.matches(path)).findFirst().orElseThrow();
            long declared = request.getContentLengthLong();
            if (!limit.bounded() || declared == 0) {
                chain.doFilter(request, response);
                return;
            }
            long max = limit.maxBytes();
            if (declared > max) {
                tooLarge(request, response, limit, "it declares " + declared + " bytes");
                return;
            }
            Pieces body = Pieces.read(request.getInputStream(), max + 1, declared);
            if (body.length() > max) {
                tooLarge(request, response, limit, "reading stopped at " + body.length() + " bytes");
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
        }

        private static void tooLarge(HttpServletRequest request, HttpServletResponse response, BodyLimit limit, String what) throws IOException {
            String detail = "The request body is larger than the " + limit.maxBytes() + " bytes " + path(request) + " accepts (" + limit.setting()
                    + "): " + what + ".";
            log.warn("{} {} refused with 413: {}", request.getMethod(), path(request), detail);
            Problems.write(response, Problems.of(413, "payload_too_large", detail));
        }

        private static String path(HttpServletRequest request) {
            String uri = request.getRequestURI();
            String context = request.getContextPath();
            return context == null || context.isEmpty() ? uri : uri.substring(context.length());
        }
    }

    /**
     * A body held as the pieces it was read in (64 KiB each, or its declared length): holding it never costs more than
     * its own size, not the copies a growing array would make, so an oversized body costs about its limit.
     */
    static final class Pieces {

        static final int PIECE = 64 * 1024;

        private final List<byte[]> pieces;
        private final long length;

        private Pieces(List<byte[]> pieces, long length) {
            this.pieces = pieces;
            this.length = length;
        }

        /** At most {@code atMost} bytes of the stream (fewer when it ends first); {@code declared} is -1 when unknown. */
        static Pieces read(InputStream in, long atMost, long declared) throws IOException {
            List<byte[]> pieces = new ArrayList<>();
            long length = 0;
            while (length < atMost) {
                long wanted = declared >= 0 ? Math.min(declared - length + 1, PIECE) : PIECE;
                byte[] piece = new byte[(int) Math.min(wanted, atMost - length)];
                int n = in.readNBytes(piece, 0, piece.length);
                if (n > 0) {
                    pieces.add(n == piece.length ? piece : Arrays.copyOf(piece, n));
                    length += n;
                }
                if (n < piece.length) {
                    break;
                }
            }
            return new Pieces(pieces, length);
        }

        long length() {
            return length;
        }

        InputStream stream() {
            return new SequenceInputStream(Collections.enumeration(pieces.stream().<InputStream>map(ByteArrayInputStream::new).toList()));
        }
    }

    /** The request with its body read already (within its limit): the body is served from memory, as often as asked. */
    static final class BufferedBody extends HttpServletRequestWrapper {

        private final Pieces body;

        BufferedBody(HttpServletRequest request, Pieces body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BodyStream(body);
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(body.stream(), charset));
        }

        @Override
        public int getContentLength() {
            return (int) body.length();
        }

        @Override
        public long getContentLengthLong() {
            return body.length();
        }
    }

    private static final class BodyStream extends ServletInputStream {

        private final InputStream in;
        private long remaining;

        BodyStream(Pieces body) {
            this.in = body.stream();
            this.remaining = body.length();
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, Integer.MAX_VALUE);
        }

        @Override
        public boolean isFinished() {
            return remaining == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
