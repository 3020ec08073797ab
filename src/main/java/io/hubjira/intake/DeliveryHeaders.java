package io.hubjira.intake;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a webhook delivery says about itself, read from the HTTP request alone. platform-http also copies the query
 * string's parameters and a form body's fields into the message's headers, so {@code ?Authorization=Bearer%20…} would
 * look like a header there: a secret, a signature, a timestamp or a delivery id is trusted only from a real header.
 */
public final class DeliveryHeaders {

    private final HttpServletRequest request;

    private DeliveryHeaders(HttpServletRequest request) {
        this.request = request;
    }

    /** The delivery as the servlet container has it; without an HTTP request behind it every header is absent. */
    static DeliveryHeaders of(HttpServletRequest request) {
        return new DeliveryHeaders(request);
    }

    /** The header's value, or null when the request has no such header (whatever its query string or form fields say). */
    String get(String name) {
        return request == null ? null : request.getHeader(name);
    }

    /** The path the request reached, without the application's context path and the query string. */
    String path() {
        if (request == null) {
            return null;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? uri : uri.substring(context.length());
    }

    /** The URL the request reached, with its query string. */
    String url() {
        if (request == null) {
            return null;
        }
        String query = request.getQueryString();
        return query == null || query.isBlank() ? request.getRequestURL().toString() : request.getRequestURL() + "?" + query;
    }
}
