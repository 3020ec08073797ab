package io.hubjira.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts how many bytes of a request body the application takes from the servlet container, outside every filter of
 * the application's own: a test names a request with {@value #HEADER} and reads the count afterwards. The security
 * tests use it to show how far an oversized body was read, independently of the code that bounds it.
 */
@Configuration
@Profile(SandboxConfiguration.PROFILE)
public class RequestBodyMeter {

    public static final String HEADER = "X-Sandbox-Body-Meter";

    private final Map<String, AtomicLong> consumed = new ConcurrentHashMap<>();

    /** Body bytes the application read of the request with this meter name; -1 when no such request came. */
    public long consumed(String name) {
        AtomicLong count = consumed.get(name);
        return count == null ? -1 : count.get();
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestBodyMeterFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String name = request.getHeader(HEADER);
                if (name == null) {
                    chain.doFilter(request, response);
                    return;
                }
                AtomicLong count = new AtomicLong();
                consumed.put(name, count);
                chain.doFilter(new Metered(request, count), response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    private static final class Metered extends HttpServletRequestWrapper {

        private final CountingStream stream;

        Metered(HttpServletRequest request, AtomicLong count) throws IOException {
            super(request);
            this.stream = new CountingStream(request.getInputStream(), count);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(stream, encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final AtomicLong count;

        CountingStream(ServletInputStream in, AtomicLong count) {
            this.in = in;
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
