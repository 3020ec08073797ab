package io.hubjira.admin;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.ops.JolokiaAccessPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jolokia.server.core.util.RequestType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the Jolokia servlet (however it is reached: {@code /actuator/jolokia} or Hawtio's forward): Jolokia
 * takes POST only, so no link, image or typed URL can run an operation (its GET form names the operation in the URL);
 * and every request in the body must be of a type {@link JolokiaAccessPolicy} lists. Jolokia itself never asks its
 * restrictor about {@code notification} requests, so the type is checked here, before Jolokia sees the body. The body
 * is read up to {@link #MAX_BODY_BYTES} (only authenticated admins get here, and Jolokia parses the whole body into
 * memory itself). Refusals are 403 (413 for a body over the limit, 400 for one that is not a Jolokia request) with a
 * problem document.
 */
final class JolokiaRequestGate extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = JolokiaAccessPolicy.MAX_REQUEST_BYTES;

    private final JolokiaAccessPolicy policy;
    private final ObjectMapper json = new ObjectMapper();

    JolokiaRequestGate(JolokiaAccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getMethod().equals("POST")) {
            Problems.write(response, Problems.of(403, "jolokia_post_only", "Jolokia takes POST requests only (a JSON body naming "
                    + "the request); " + request.getMethod() + " is refused."));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            Problems.write(response, Problems.of(413, "payload_too_large", "A Jolokia request may be at most " + MAX_BODY_BYTES + " bytes."));
            return;
        }
        List<String> refused = new ArrayList<>();
        try {
            JsonNode requests = json.readTree(body);
            if (requests == null || !(requests.isObject() || requests.isArray())) {
                throw new IllegalArgumentException("a JSON object or array");
            }
            for (JsonNode one : requests.isArray() ? requests : List.of(requests)) {
                String type = one.path("type").asText("");
                if (!policy.isTypeAllowed(RequestType.getTypeByName(type))) {
                    refused.add(type);
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException notJolokia) {
            Problems.write(response, Problems.of(400, "bad_jolokia_request", "Not a Jolokia request: the body must be a JSON object, or an "
                    + "array of them, each with a known \"type\"."));
            return;
        }
        if (!refused.isEmpty()) {
            Problems.write(response, Problems.of(403, "jolokia_type_refused", "Jolokia request type " + String.join(", ", refused)
                    + " is not allowed here (allowed: read, list, search, version and the listed operations)."));
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** The request with its body already read, for Jolokia to read again. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
