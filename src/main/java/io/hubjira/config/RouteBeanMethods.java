package io.hubjira.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Every {@code bean} step of the route files — in routes and in route configurations' error handlers — must name a
 * bean that exists and exactly one public method of it. Camel looks a step's method up only when a message reaches it,
 * and an overloaded name fails there with an ambiguous-method error: in an error handler that means a failure is
 * never handled. Checked before the routes start, so such a route file stops the start, naming the step.
 */
@Component
public class RouteBeanMethods implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        List<String> problems = problems(camel);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Route files call bean methods that cannot be called: " + String.join("; ", problems));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }

    static List<String> problems(CamelContext camel) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            check(camel, "route " + route.getRouteId(), route.getOutputs(), problems);
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            for (var onException : configuration.getOnExceptions()) {
                check(camel, "route configuration " + configuration.getId(), List.of(onException), problems);
            }
        }
        return problems;
    }

    private static void check(CamelContext camel, String where, List<? extends ProcessorDefinition<?>> outputs, List<String> problems) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Collection<BeanDefinition> beans = ProcessorDefinitionHelper.filterTypeInOutputs((List) outputs, BeanDefinition.class);
        for (BeanDefinition step : beans) {
            String ref = step.getRef();
            String method = step.getMethod();
            if (ref == null || method == null || method.contains("(")) {
                continue; // a bean by type, or a method with its parameter types spelled out
            }
            String name = ref.startsWith("#bean:") ? ref.substring(6) : ref;
            Object bean = camel.getRegistry().lookupByName(name);
            if (bean == null) {
                problems.add(where + ": bean '" + name + "' does not exist");
                continue;
            }
            Class<?> type = ClassUtils.getUserClass(bean);
            long callable = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(method) && !m.isBridge() && !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                    .map(Method::toGenericString).distinct().count();
            if (callable == 0) {
                problems.add(where + ": " + type.getSimpleName() + " has no public method '" + method + "'");
            } else if (callable > 1) {
                problems.add(where + ": " + type.getSimpleName() + "." + method + " is overloaded (" + callable
                        + " methods), so Camel cannot choose one when a message arrives");
            }
        }
    }
}
