package io.hubjira.support;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.ServletContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every request (method and concrete path, "POST /api/items") the running application would serve, found the way
 * the application itself routes them: servlet registrations (Jolokia's and Hawtio's own servlets, GET and POST each),
 * every Spring MVC handler mapping (controllers, actuator endpoints, resource handlers) with its declared methods, the
 * platform-http routes and every static resource. The security tests take their paths from here, never from a hand
 * list, so a new endpoint is covered the day it appears.
 */
public final class ServedPaths {

    private ServedPaths() {}

    public static Set<String> of(ApplicationContext context, ServletContext servletContext, CamelContext camel) throws IOException {
        Set<String> paths = new TreeSet<>();
        // servlets registered outside Spring MVC (Jolokia, Hawtio): their mappings, e.g. /actuator/jolokia/*
        servletContext.getServletRegistrations().values().forEach(registration -> registration.getMappings().forEach(mapping -> {
            if (!mapping.equals("/")) {
                paths.add("GET " + concrete(mapping));
                paths.add("POST " + concrete(mapping));
            }
        }));
        // Spring MVC: controllers, actuator endpoints, platform-http routes, each with its declared methods
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping -> {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        paths.add(method.name() + " " + concrete(pattern));
                    }
                }
            }
        });
        // URL-mapped handlers: static resources, Hawtio's and the welcome page's forwards
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values()
                .forEach(mapping -> mapping.getHandlerMap().keySet().forEach(pattern -> paths.add("GET " + concrete(pattern))));
        // platform-http routes
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint endpoint) {
                String methods = endpoint.getHttpMethodRestrict() == null ? "GET" : endpoint.getHttpMethodRestrict();
                for (String method : methods.split(",")) {
                    paths.add(method.trim() + " " + concrete(endpoint.getPath()));
                }
            }
        }
        paths.addAll(staticFiles());
        paths.removeIf(p -> p.contains("/error"));
        return new LinkedHashSet<>(paths);
    }

    /** Every static resource the application serves ("GET /console/admin.html"), webjars aside. */
    public static Set<String> staticFiles() throws IOException {
        Set<String> paths = new TreeSet<>();
        PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
        for (String root : List.of("static", "public", "resources", "META-INF/resources")) {
            for (Resource r : resources.getResources("classpath*:" + root + "/**/*.*")) {
                String url = r.getURL().toString();
                int at = url.lastIndexOf("/" + root + "/");
                if (at >= 0 && !url.contains("/webjars/")) {
                    paths.add("GET /" + url.substring(at + root.length() + 2));
                }
            }
        }
        return paths;
    }

    /** A pattern made concrete: {variables} become 1, wildcards a path segment. */
    public static String concrete(String pattern) {
        String path = pattern.replaceAll("\\{[^}]*\\*\\*?[^}]*}", "x").replaceAll("\\{[^}]+}", "1")
                .replace("/**", "/x").replace("/*", "/x").replace("**", "x").replace("*", "x");
        return path.startsWith("/") ? path : "/" + path;
    }
}
