package io.hubjira.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.stereotype.Component;

/**
 * What Jolokia (and Hawtio through it) may do, on top of the admin credentials every Jolokia request needs: read,
 * list and search MBeans freely (but not the JVM's system properties and arguments, which can hold secrets); write no
 * attribute; execute only the operations Hawtio's Camel views need — dump a context's routes and statistics, start and
 * stop one route — and Hawtio's own harmless permission checks. Everything else is refused: heap dumps and diagnostic
 * commands, flight recordings, garbage collection, logging reconfiguration, and every Camel operation that sends a
 * message or creates an endpoint ({@code sendBody}, {@code requestBody}, {@code createEndpoint}, …). An operation
 * on an ObjectName pattern is refused too (it would run on every matching MBean at once).
 * Requests come by POST only (the GET form puts an operation in a URL that any link or image can send), and only the
 * request types listed here are served: no {@code write}, {@code config} or {@code notification}. Jolokia asks about
 * the method and the type in its command handlers, except for notifications, so the admin layer's gate in front of
 * the servlet asks this policy about every request's type too.
 * Spring Boot's Jolokia integration picks this bean up as the agent's restrictor.
 */
@Component
public class JolokiaAccessPolicy implements Restrictor {

    /**
     * The largest Jolokia request body taken. Hawtio's largest request, its permission check of every operation of
     * every MBean, is 460 KB with the demo's routes and grows with every Camel context the MBean server holds.
     */
    public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private record Allowed(ObjectName mbeans, Set<String> operations) {}

    /**
     * Operation names as Jolokia receives them: bare, or with their signature. A bare name resolves to the overload
     * with the given number of arguments, so a name is allowed bare only when every overload of it is harmless
     * ({@code dumpRoutesAsXml(boolean)} resolves property placeholders, secrets included: only the no-argument form).
     */
    private static final List<Allowed> EXEC_ALLOWED = List.of(
            allowed("org.apache.camel:type=context,*", "dumpRoutesAsXml()", "dumpRoutesStatsAsXml",
                    "dumpRoutesStatsAsXml(boolean,boolean)"),
            allowed("org.apache.camel:type=routes,*", "start", "start()", "stop", "stop()", "dumpRouteStatsAsXml",
                    "dumpRouteStatsAsXml(boolean,boolean)"),
            allowed("hawtio:type=security,area=jmx,*", "canInvoke", "canInvoke(java.lang.String)",
                    "canInvoke(java.lang.String,java.lang.String)", "canInvoke(java.lang.String,java.lang.String,[Ljava.lang.String;)",
                    "canInvoke(java.util.Map)"));

    private static final Map<ObjectName, Set<String>> READ_DENIED = Map.of(
            name("java.lang:type=Runtime"), Set.of("SystemProperties", "InputArguments"));

    private static final Set<RequestType> TYPES = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION, RequestType.EXEC);

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return TYPES.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return READ_DENIED.entrySet().stream().noneMatch(e -> e.getKey().apply(name)
                && (attribute == null || e.getValue().contains(attribute)));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        if (name == null || name.isPattern() || operation == null) {
            return false;
        }
        String op = operation.replace(" ", "");
        return EXEC_ALLOWED.stream().anyMatch(a -> a.mbeans().apply(name) && a.operations().contains(op));
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /** Cross-origin browser requests are refused before they get here (the security chain's CORS policy). */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return true;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static Allowed allowed(String pattern, String... operations) {
        return new Allowed(name(pattern), Set.of(operations));
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
